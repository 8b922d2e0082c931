import { getService, type RunDeps, serviceName, getRevision } from "../gcp/cloudrun.js";
import { type Drift, readDrift } from "./drift.js";
import { type Ledger, latestOfRelease, readLedger, readRecord, readRollbackReason, rollbackOnto } from "./ledger.js";
import { primaryRevision, servedTraffic, type TrafficEntry } from "./traffic.js";
import { servingIndex } from "./template/merge.js";

export interface StatusTarget {
  name: string;
  project: string;
  region: string;
  service: { name: string };
}

export interface EnvironmentStatus {
  environment: string;
  project: string;
  region: string;
  service: string;
  url?: string;
  live?: {
    revision: string;
    image?: string;
    commit?: string;
    release?: string;
    deployedAt?: string;
    state?: string;
    rolledBackFrom?: RolledBack;
  };
  traffic: TrafficEntry[];
  /** Releases rolled back from this environment (and not live here again since), newest first. */
  rolledBack?: (RolledBack & { release: string })[];
  /** A healthy release live in the promotes-from environment that this one does not run yet. */
  waiting?: { release: string; from: string };
  /** What changed on the service outside Runway since its last release. */
  drift?: Drift;
  /** Such a release that this environment rolled back: it is promoted again only when named. */
  held?: { release: string; from: string; at: string; reason?: string };
}

export interface RolledBack {
  revision: string;
  release?: string;
  at: string;
  /** The reason given to the rollback. */
  reason?: string;
}

/** Releases whose newest state here is rolled back: status and promote hold them back. */
function rolledBackReleases(ledger: Ledger): (RolledBack & { release: string })[] {
  const releases = [...new Set(Object.values(ledger).flatMap((e) => (e.release ? [e.release] : [])))];
  return releases
    .map((release) => latestOfRelease(ledger, release))
    .filter((e) => e?.state === "rolled-back")
    .map((e) => ({ release: e?.release as string, revision: e?.revision as string, at: e?.at as string, ...reasonOf(e?.reason) }))
    .sort((a, b) => b.at.localeCompare(a.at));
}

const reasonOf = (text: string | undefined) => {
  const why = readRollbackReason(text)?.why;
  return why ? { reason: why } : {};
};

export async function environmentStatus(target: StatusTarget, deps: RunDeps): Promise<EnvironmentStatus> {
  const name = serviceName(target.project, target.region, target.service.name);
  const base = { environment: target.name, project: target.project, region: target.region, service: name };
  const service = await getService(deps, name);
  if (!service) return { ...base, traffic: [] };
  const traffic = servedTraffic(service);
  const revision = primaryRevision(traffic);
  if (!revision) return { ...base, url: service.uri ?? undefined, traffic };
  const live = await getRevision(deps, `${name}/revisions/${revision}`);
  const record = live ? readRecord(live) : undefined;
  const ledger = readLedger(service);
  const state = ledger[revision];
  const containers = live?.containers ?? [];
  const image = record?.image ?? containers[servingIndex(containers)]?.image ?? undefined;
  const drift = readDrift(service);
  const onto = rollbackOnto(ledger, revision);
  const rolledBackFrom = onto && {
    revision: onto.revision,
    ...(onto.release ? { release: onto.release } : {}),
    at: onto.at,
    ...(onto.why ? { reason: onto.why } : {}),
  };
  const rolledBack = rolledBackReleases(ledger);
  return {
    ...base,
    url: service.uri ?? undefined,
    live: {
      revision,
      image,
      commit: record?.commit,
      release: record?.id,
      deployedAt: state?.at ?? record?.createdAt,
      state: state?.state,
      ...(rolledBackFrom ? { rolledBackFrom } : {}),
    },
    traffic,
    ...(drift.changes.length ? { drift } : {}),
    ...(rolledBack.length ? { rolledBack } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The terminal view of status: a plain table, coloured only when asked (a TTY without NO_COLOR).
// The Markdown view (mermaid, <code>) is for step summaries only: see summary/status.ts.

export interface TextOptions {
  /** ANSI colour: the CLI passes process.stdout.isTTY && !NO_COLOR. */
  color?: boolean;
}

/** Whether a stream should get colour: a terminal, and NO_COLOR unset or empty (no-color.org). */
export const wantsColor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean =>
  stream.isTTY === true && !env.NO_COLOR;

const width = (text: string) => [...text].length;
const digestShort = (image: string | undefined) => {
  const digest = /@sha256:([0-9a-f]{12})/.exec(image ?? "")?.[1];
  return digest ? `sha256:${digest}…` : (image ?? "");
};
/** Anything read from outside on one line, without control characters (no terminal escapes). */
const plain = (value: unknown) =>
  [...String(value ?? "")]
    .map((c) => {
      const n = c.codePointAt(0) ?? 0;
      return n < 0x20 || (n >= 0x7f && n <= 0x9f) ? " " : c;
    })
    .join("");

function ageOf(since: string | undefined, now: Date): string {
  if (!since) return "";
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

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

/** status for a terminal: one row per environment, then what is rolled back, held, and changed outside Runway. */
export function renderStatusText(statuses: EnvironmentStatus[], now: Date, options: TextOptions = {}): string {
  const sgr = (open: number, close: number): Paint => (options.color ? (t) => `\u001b[${open}m${t}\u001b[${close}m` : (t) => t);
  const bold = sgr(1, 22);
  const yellow = sgr(33, 39);
  const green = sgr(32, 39);
  const dim = sgr(2, 22);
  const rows = statuses.map((s) => [
    s.environment,
    plain(s.live?.release ?? (s.live ? "(no release)" : "none")),
    plain(s.live?.commit?.slice(0, 12) ?? ""),
    plain(digestShort(s.live?.image)),
    ageOf(s.live?.deployedAt, now),
    plain(s.live?.revision ?? ""),
    plain(s.traffic.map((e) => `${e.revision} ${e.percent}%`).join(", ") || "none"),
    s.waiting ? plain(`${s.waiting.release} from ${s.waiting.from}`) : s.held ? plain(`held: ${s.held.release} (rolled back here)`) : "",
  ]);
  const lines = [bold("Runway status"), ""];
  lines.push(
    ...textTable(["environment", "release", "commit", "image", "age", "revision", "traffic", "waiting to promote"], rows, {
      head: bold,
      cell: (text, column) =>
        column === 1 && text.trim() === "none" ? dim(text) : column === 7 ? (text.startsWith("held:") ? yellow(text) : green(text)) : text,
    }),
  );
  const notes: string[] = [];
  for (const s of statuses) {
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
  }
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
