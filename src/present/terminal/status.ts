// The terminal view of status: a plain table, coloured only when asked (a TTY without NO_COLOR).
// The Markdown view (mermaid, <code>) is for step summaries only: see ../summary/status.ts.
import type { EnvironmentStatus } from "../../core/status.js";
import { age, shortImage } from "../format.js";

export interface TextOptions {
  /** ANSI colour: the CLI passes process.stdout.isTTY && !NO_COLOR. */
  color?: boolean;
}

/** Whether a stream should get colour: a terminal, and NO_COLOR unset or empty (no-color.org). */
export const wantsColor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean =>
  stream.isTTY === true && !env.NO_COLOR;

const width = (text: string) => [...text].length;
/** Anything read from outside on one line, without control characters (no terminal escapes). */
const plain = (value: unknown) =>
  [...String(value ?? "")]
    .map((c) => {
      const n = c.codePointAt(0) ?? 0;
      return n < 0x20 || (n >= 0x7f && n <= 0x9f) ? " " : c;
    })
    .join("");

type Paint = (text: string) => string;

function textTable(headers: string[], rows: string[][], paint: { head: Paint; cell: (text: string, column: number) => string }): string[] {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[], style: (text: string, column: number) => string) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - width(c));
        return c ? style(padded, i) : padded;
      })
      .join("  ")
      .trimEnd();
  return [line(headers, paint.head), ...rows.map((r) => line(r, paint.cell))];
}

/** The ANSI styles of the view; each is the identity without colour. */
function palette(color: boolean | undefined) {
  const sgr = (open: number, close: number): Paint => (color ? (t) => `\u001b[${open}m${t}\u001b[${close}m` : (t) => t);
  return { bold: sgr(1, 22), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22) };
}

const row = (s: EnvironmentStatus, now: Date) => [
  s.environment,
  plain(s.live?.release ?? (s.live ? "(no release)" : "none")),
  plain(s.live?.commit?.slice(0, 12) ?? ""),
  plain(shortImage(s.live?.image)),
  age(s.live?.deployedAt, now),
  plain(s.live?.revision ?? ""),
  plain(s.traffic.map((e) => `${e.revision} ${e.percent}%`).join(", ") || "none"),
  s.waiting ? plain(`${s.waiting.release} from ${s.waiting.from}`) : s.held ? plain(`held: ${s.held.release} (rolled back here)`) : "",
];

/** What is rolled back where, and which release is held back from promotion, one line each. */
function rollbackNotes(s: EnvironmentStatus): string[] {
  const notes: string[] = [];
  const from = s.live?.rolledBackFrom;
  if (from)
    notes.push(
      `  ${s.environment}: rolled back from ${plain(from.release ?? from.revision)} at ${from.at}${from.reason ? `: ${plain(from.reason)}` : ""}`,
    );
  for (const r of (s.rolledBack ?? []).filter((r) => r.release !== from?.release && r.release !== s.held?.release))
    notes.push(`  ${s.environment}: release ${plain(r.release)} was rolled back at ${r.at}${r.reason ? `: ${plain(r.reason)}` : ""}`);
  if (s.held) {
    notes.push(
      `  ${s.environment}: ${plain(s.held.release)} from ${s.held.from} is not waiting: it was rolled back here${s.held.reason ? ` (${plain(s.held.reason)})` : ""}; promote it again only by naming release ${plain(s.held.release)}`,
    );
  }
  return notes;
}

/** status for a terminal: one row per environment, then what is rolled back, held, and changed outside Runway. */
export function renderStatusText(statuses: EnvironmentStatus[], now: Date, options: TextOptions = {}): string {
  const { bold, yellow, green, dim } = palette(options.color);
  const lines = [bold("Runway status"), ""];
  lines.push(
    ...textTable(
      ["environment", "release", "commit", "image", "age", "revision", "traffic", "waiting to promote"],
      statuses.map((s) => row(s, now)),
      {
        head: bold,
        cell: (text, column) =>
          column === 1 && text.trim() === "none"
            ? dim(text)
            : column === 7
              ? text.startsWith("held:")
                ? yellow(text)
                : green(text)
              : text,
      },
    ),
  );
  const notes = statuses.flatMap(rollbackNotes);
  if (notes.length) lines.push("", yellow(bold("Rolled back")), ...notes);
  const drifted = statuses.flatMap((s) =>
    (s.drift?.changes ?? []).map((c) => [s.environment, plain(c.path), plain(c.before ?? "(none)"), plain(c.after ?? "(none)")]),
  );
  if (drifted.length) {
    lines.push(
      "",
      yellow(bold("Changed outside Runway")),
      "Since each environment's last release. A deploy keeps these unless its YAML declares the field.",
      "",
    );
    lines.push(...textTable(["environment", "field", "Runway wrote", "live now"], drifted, { head: bold, cell: (text) => text }));
  }
  return lines.join("\n");
}
