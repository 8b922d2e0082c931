// The job summary of a promotion: the deploy's summary under the promotion's heading, then what
// the promotion brings (commits, pull requests, migrations) and the reason given.
import type { PromoteResult } from "../../core/promote.js";
import type { PromotionDiff } from "../../core/promotion-diff.js";
import { cell, code, table } from "../markdown.js";
import { type FailedDeploy, renderDeployFailure, renderDeploySummary } from "./deploy.js";

const title = (from: string) => `Runway promote ${from} →`;

export function renderPromoteSummary(from: string, to: string, result: Pick<PromoteResult, "deploy" | "diff">, reason?: string): string {
  return [
    renderDeploySummary(result.deploy, undefined, title(from)),
    renderPromotionDiff(from, to, result.diff),
    reason ? `Reason: ${cell(reason)}\n` : "",
  ].join("\n");
}

export const renderPromoteFailure = (from: string, error: FailedDeploy) => renderDeployFailure(error, title(from));

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
