import type { PromotionDiff } from "../promotion-diff.js";
import type { RollbackResult } from "../rollback.js";
import { describeTraffic } from "../traffic.js";
import { code, table } from "./markdown.js";

export function renderPromotionDiff(from: string, to: string, diff: PromotionDiff | undefined): string {
  if (!diff) return "";
  const lines = [`### What ${from} → ${to} brings`, ""];
  if (diff.note) lines.push(`> ${diff.note}`, "");
  if (diff.commits.length) {
    lines.push(
      table(
        ["commit", "subject", "author", "pull requests"],
        diff.commits.map((c) => [code(c.sha.slice(0, 7)), c.subject, c.author, c.prNumbers.map((n) => `#${n}`).join(", ")]),
      ),
      "",
    );
  }
  // Without the history (the note says why), "no migration changed" would be a guess, not a fact.
  const none = diff.note ? "Migration files: unknown without the history (see the note above)." : "No migration files changed.";
  lines.push(diff.migrations.length ? `Migrations included: ${diff.migrations.map(code).join(", ")}` : none, "");
  return lines.join("\n");
}

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
