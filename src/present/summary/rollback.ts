// The job summary of a rollback: where traffic went, why, and whether the checks hold after it.
import type { RollbackResult } from "../../core/rollback.js";
import { describeTraffic } from "../../core/traffic.js";
import { code, table } from "../markdown.js";

export function renderRollbackSummary(result: RollbackResult, reason: string | undefined): string {
  const { plan } = result;
  const failedChecks = result.checks.filter((c) => !c.ok);
  const status =
    result.outcome === "dry-run"
      ? "📝 dry run: nothing changed"
      : failedChecks.length
        ? "⚠️ rolled back, but checks fail"
        : "✅ rolled back";
  return [
    `## Runway rollback of ${plan.environment}: ${status}`,
    "",
    table(
      ["", ""],
      [
        ["from", `${code(plan.from)} ${plan.fromEntry?.release ? `release ${code(plan.fromEntry.release)}` : ""}`],
        ["to", `${code(plan.to)} ${plan.toEntry?.release ? `release ${code(plan.toEntry.release)}` : ""}`],
        ["reason", reason || "(none given)"],
        ["traffic before", describeTraffic(plan.trafficBefore)],
        ["traffic after", describeTraffic(plan.trafficAfter)],
        ["migration blockers", plan.blockers.length ? plan.blockers.join("; ") : "none"],
        ["migrated back", result.migratedBack ?? "no"],
        ["batch jobs and schedules", result.restored ?? "not part of this rollback"],
      ],
    ),
    "",
    result.checks.length
      ? table(
          ["check after the shift", "result"],
          result.checks.map((c) => [c.name, c.ok ? "✅ passed" : `❌ ${c.problem ?? "failed"}`]),
        )
      : "",
    "",
  ].join("\n");
}
