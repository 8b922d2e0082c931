// The job summary of an action that stopped before its own summary existed: a wrong input or
// config, a refusal, an unexpected error. It still says which action, where, what was asked,
// why it stopped and what it changed.
import { cell, code, table } from "../markdown.js";

export interface FailureSummary {
  /** e.g. "Runway deploy to qa" */
  heading: string;
  /** e.g. "❌ invalid input" */
  status: string;
  /** What the action was asked to do, in one sentence. */
  attempted: string;
  /** Why it stopped: the error message (several lines allowed). */
  reason: string;
  /** What the user can do about it. */
  hint?: string;
  outputs: Record<string, string>;
}

export function renderFailureSummary(f: FailureSummary): string {
  const reason = f.reason.split("\n").map((line) => `> ${cell(line)}`);
  return [
    `## ${cell(f.heading)}: ${f.status}`,
    "",
    `**Attempted:** ${cell(f.attempted)}`,
    "",
    "**Why it stopped:**",
    "",
    ...reason,
    "",
    ...(f.hint ? [f.hint, ""] : []),
    outputsSection(f.outputs),
  ].join("\n");
}

/** The outputs table appended to a summary a command wrote itself. */
export function outputsSection(outputs: Record<string, string>): string {
  const rows = Object.entries(outputs);
  const shown = (v: string) => (v ? code(v.length > 100 ? `${v.slice(0, 99)}…` : v) : "(empty)");
  return rows.length
    ? [
        "### Outputs",
        "",
        table(
          ["output", "value"],
          rows.map(([k, v]) => [code(k), shown(v)]),
        ),
        "",
      ].join("\n")
    : "";
}
