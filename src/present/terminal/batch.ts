// Batch jobs and schedules as the log shows them: the plan before anything is written, and what
// a release's batch step did to each job.
import type { BatchJobResult } from "../../core/batch/batch-jobs.js";
import type { HoldPlan } from "../../core/batch/hold.js";
import type { JobChange, SchedulerPlan } from "../../core/batch/plan.js";

const SYMBOL: Record<string, string> = { create: "+", update: "~", pause: "‖", resume: "▶", delete: "-" };

function changeLines(change: JobChange): string[] {
  const kinds = change.actions.map((a) => a.kind);
  const head = `${SYMBOL[kinds[0] ?? "update"]} ${kinds.join(" + ")} ${change.schedule}  (${change.job.split("/").pop()})`;
  const width = Math.max(0, ...change.fields.map((f) => f.path.length));
  const fields = change.fields.map((f) => {
    const value = f.before === undefined ? (f.after ?? "(unset)") : `${f.before}  →  ${f.after ?? "(unset)"}`;
    return `    ${f.path.padEnd(width)}  ${value}`;
  });
  const runs = change.nextRuns.length ? [`    next runs (${change.timeZone}): ${change.nextRuns.join(", ")}`] : [];
  return [head, ...fields, ...runs, ...(change.note ? [`    note: ${change.note}`] : [])];
}

/** The scheduler plan as the log shows it before anything is written. */
export function schedulerPlanText(plan: SchedulerPlan): string {
  const lines = [
    `schedules of ${plan.environment} in ${plan.parent}: ${plan.changes.length} to change, ${plan.unchanged.length} unchanged`,
  ];
  lines.push(...plan.changes.flatMap(changeLines));
  if (plan.unchanged.length) lines.push(`= unchanged: ${plan.unchanged.join(", ")}`);
  if (plan.undeclared.length) lines.push(`? no longer declared, kept (prune deletes them): ${plan.undeclared.join(", ")}`);
  if (plan.unmanaged.length) lines.push(`  not managed by Runway, left alone: ${plan.unmanaged.length} job(s)`);
  lines.push(...plan.warnings.map((w) => `! ${w}`));
  return lines.join("\n");
}

/** A pause or resume plan: each schedule and its actions, then those left as they are and why. */
export function holdPlanText(plan: HoldPlan, verb: "pause" | "resume"): string {
  const lines = [`${verb} schedules of ${plan.environment} in ${plan.parent}: ${plan.changes.length} to ${verb}`];
  for (const change of plan.changes)
    lines.push(`${SYMBOL[verb]} ${change.schedule}: ${change.actions.map((a) => (a.kind === "update" ? "mark" : a.kind)).join(", ")}`);
  for (const item of plan.untouched) lines.push(`= ${item.schedule}: ${item.reason}`);
  return lines.join("\n");
}

/** One line per batch job: created, updated (with the fields that differed) or unchanged. */
export function batchText(results: BatchJobResult[]): string {
  if (results.length === 0) return "batch jobs: none declared";
  return results
    .map(
      (r) =>
        `${r.action === "unchanged" ? "=" : r.action === "create" ? "+" : "~"} job ${r.job} ${r.action}${r.changed.length ? ` (${r.changed.join(", ")})` : ""}`,
    )
    .join("\n");
}
