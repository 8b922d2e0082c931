// The job summary of status: the pipeline as a diagram, then a row per environment. The
// terminal's plain view of the same statuses is ../terminal/status.ts.
import type { EnvironmentStatus } from "../../core/status.js";
import { describeTraffic } from "../../core/traffic.js";
import { age, shortImage } from "../format.js";
import { cell, code, mermaidLabel, table } from "../markdown.js";

/** dev → qa → prod with the release live in each: the picture people look for first. */
export function pipelineDiagram(statuses: EnvironmentStatus[]): string {
  const nodes = statuses.map((s, i) => `  e${i}[${mermaidLabel(`${s.environment}: ${s.live?.release ?? "nothing live"}`)}]`);
  const edges = statuses
    .slice(1)
    .map((s, i) => `  e${i} -->${s.waiting ? `|${mermaidLabel(`${s.waiting.release} waiting`)}|` : ""} e${i + 1}`);
  return ["```mermaid", "flowchart LR", ...nodes, ...edges, "```"].join("\n");
}

const rolledBackNote = (s: EnvironmentStatus) => {
  const from = s.live?.rolledBackFrom;
  if (!from) return "";
  return ` (rolled back from ${code(from.release ?? from.revision)}${from.reason ? `: ${cell(from.reason)}` : ""})`;
};

// Starts with <code> so that table() keeps the markup; the reason is escaped here.
const heldNote = (held: NonNullable<EnvironmentStatus["held"]>) =>
  `${code(held.release)} from ${held.from} is not waiting: it was rolled back here${held.reason ? ` (${cell(held.reason)})` : ""}; promote it again only with release ${code(held.release)}`;

export function renderStatusSummary(statuses: EnvironmentStatus[], now: Date): string {
  const rows = statuses.map((s) => [
    s.environment,
    s.live?.release ? `${code(s.live.release)}${rolledBackNote(s)}` : "none",
    s.live?.commit ? code(s.live.commit.slice(0, 12)) : "",
    shortImage(s.live?.image),
    age(s.live?.deployedAt, now),
    s.live?.revision ?? "",
    describeTraffic(s.traffic),
    s.waiting ? `${code(s.waiting.release)} from ${s.waiting.from}` : s.held ? heldNote(s.held) : "",
  ]);
  return [
    "## Runway status",
    "",
    pipelineDiagram(statuses),
    "",
    table(["environment", "release", "commit", "image", "age", "revision", "traffic", "waiting to promote"], rows),
    "",
    ...driftSection(statuses),
  ].join("\n");
}

/** Changes made outside Runway, per environment: the next deploy keeps what its YAML does not declare. */
function driftSection(statuses: EnvironmentStatus[]): string[] {
  const drifted = statuses.filter((s) => s.drift);
  if (!drifted.length) return [];
  const rows = drifted.flatMap((s) =>
    (s.drift?.changes ?? []).map((c) => [s.environment, code(c.path), c.before ?? "(none)", c.after ?? "(none)"]),
  );
  return [
    "### Changed outside Runway",
    "",
    `Since each environment's last release. A deploy keeps these unless its YAML declares the field.`,
    "",
    table(["environment", "field", "Runway wrote", "live now"], rows),
    "",
  ];
}
