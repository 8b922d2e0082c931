// The job summary of `runway scheduler` and actions/scheduler: a table of the changes, then
// what was applied, what failed and what was not tried.
import type { SyncReport } from "../../core/batch/apply.js";
import type { HoldPlan } from "../../core/batch/hold.js";
import type { JobChange, SchedulerPlan } from "../../core/batch/plan.js";
import { cell, code, table } from "../markdown.js";

export type SchedulerOutcome = "dry-run" | "applied" | "unchanged" | "failed";

const HEADLINE: Record<SchedulerOutcome, string> = {
  "dry-run": "📝 dry run: nothing changed",
  applied: "✅ applied",
  unchanged: "✅ already in sync: nothing to do",
  failed: "❌ partly applied: re-run to converge",
};

const fieldCell = (change: JobChange) =>
  change.fields
    .map((f) => (f.before === undefined ? `${f.path}: ${f.after ?? "(unset)"}` : `${f.path}: ${f.before} → ${f.after ?? "(unset)"}`))
    .join("\n");

function changesTable(changes: JobChange[]): string {
  if (changes.length === 0) return "No changes.";
  const rows = changes.map((c) => [
    c.schedule,
    code(c.job.split("/").pop()),
    c.actions.map((a) => a.kind).join(" + "),
    fieldCell(c),
    c.nextRuns.length ? `${c.nextRuns.join("\n")}` : "",
  ]);
  return table(["schedule", "job", "change", "fields", "next runs"], rows);
}

function reportLines(report: SyncReport | undefined): string[] {
  if (!report || (report.failed.length === 0 && report.notAttempted.length === 0)) return [];
  const rows = [
    ...report.applied.map((r) => [r.schedule, r.action, "✅ applied"]),
    ...report.failed.map((r) => [r.schedule, r.action, `❌ ${r.error}`]),
    ...report.notAttempted.map((r) => [r.schedule, r.action, "⏭ not attempted"]),
  ];
  return ["### What happened", "", table(["schedule", "action", "result"], rows), ""];
}

export function renderSyncSummary(plan: SchedulerPlan, outcome: SchedulerOutcome, report?: SyncReport): string {
  const lines = [`## Runway scheduler sync of ${cell(plan.environment)}: ${HEADLINE[outcome]}`, "", changesTable(plan.changes), ""];
  if (plan.unchanged.length) lines.push(`Unchanged: ${plan.unchanged.map(code).join(", ")}`, "");
  if (plan.undeclared.length) lines.push(`No longer declared, kept (prune deletes them): ${plan.undeclared.map(code).join(", ")}`, "");
  if (plan.unmanaged.length) lines.push(`Not managed by Runway, left alone: ${plan.unmanaged.length} job(s).`, "");
  lines.push(...plan.warnings.map((w) => `> ⚠️ ${cell(w)}`), ...(plan.warnings.length ? [""] : []));
  lines.push(...reportLines(report));
  return lines.join("\n");
}

export function renderHoldSummary(plan: HoldPlan, verb: "pause" | "resume", outcome: SchedulerOutcome, report?: SyncReport): string {
  const rows = [
    ...plan.changes.map((c) => [c.schedule, `${verb}d`, c.actions.map((a) => (a.kind === "update" ? "mark" : a.kind)).join(" + ")]),
    ...plan.untouched.map((u) => [u.schedule, "left as is", u.reason]),
  ];
  const lines = [
    `## Runway scheduler ${verb} of ${cell(plan.environment)}: ${HEADLINE[outcome]}`,
    "",
    rows.length ? table(["schedule", "result", "detail"], rows) : "No managed schedules.",
    "",
  ];
  lines.push(...reportLines(report));
  return lines.join("\n");
}
