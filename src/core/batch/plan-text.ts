import type { BatchJobResult } from "./batch-jobs.js";
import type { HoldPlan } from "./hold.js";
import type { JobChange, SchedulerPlan } from "./plan.js";
import type { ReleaseSyncResult } from "./sync.js";

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

export function holdPlanText(plan: HoldPlan, verb: "pause" | "resume"): string {
  const lines = [`${verb} schedules of ${plan.environment} in ${plan.parent}: ${plan.changes.length} to ${verb}`];
  for (const change of plan.changes)
    lines.push(`${SYMBOL[verb]} ${change.schedule}: ${change.actions.map((a) => (a.kind === "update" ? "mark" : a.kind)).join(", ")}`);
  for (const item of plan.untouched) lines.push(`= ${item.schedule}: ${item.reason}`);
  return lines.join("\n");
}

export function batchText(results: BatchJobResult[]): string {
  if (results.length === 0) return "batch jobs: none declared";
  return results
    .map(
      (r) =>
        `${r.action === "unchanged" ? "=" : r.action === "create" ? "+" : "~"} job ${r.job} ${r.action}${r.changed.length ? ` (${r.changed.join(", ")})` : ""}`,
    )
    .join("\n");
}

/** Whether syncing a release wrote anything: a job or a schedule. */
export function releaseSyncChanged(result: ReleaseSyncResult): boolean {
  return result.batch.some((r) => r.action !== "unchanged") || result.schedules.plan.changes.length > 0;
}

/** One line for a release timeline (deploy, promote, rollback): what the batch step changed. */
export function describeReleaseSync(result: ReleaseSyncResult): string {
  const jobs = result.batch.filter((r) => r.action !== "unchanged").map((r) => `${r.job} ${r.action}d`);
  const schedules = result.schedules.plan.changes.map((c) => `${c.schedule} ${c.actions.map((a) => a.kind).join("+")}`);
  return [
    jobs.length ? `batch jobs: ${jobs.join(", ")}` : "batch jobs unchanged",
    schedules.length ? `schedules: ${schedules.join(", ")}` : "schedules unchanged",
  ].join("; ");
}
