// Pull-request comment bodies: the preview's sticky comment (deployed, removed, skipped for a
// fork) and the note to a pull request's author that the release it brought failed.
import type { CleanupResult, PreviewResult } from "../core/preview.js";
import { code, table } from "./markdown.js";

export function previewDeployedComment(pr: string, result: PreviewResult, commit: string): string {
  const checks =
    result.checks.map((c) => `${c.ok ? "✅" : "❌"} ${c.name}${c.ok ? "" : `: ${c.problem}`}`).join("<br>") || "none configured";
  return [
    `### Preview of #${pr}`,
    "",
    table(
      ["", ""],
      [
        ["URL", result.url ?? "(none)"],
        ["commit", code(commit)],
        ["revision", code(result.revision)],
        ["checks", checks],
      ],
    ),
    "",
    "_Updated by Runway on every push; removed when the pull request closes._",
  ].join("\n");
}

export function previewRemovedComment(pr: string, result: CleanupResult): string {
  const kept = result.kept.map((k) => `${code(k.revision)} (${k.why})`).join(", ");
  return [
    `### Preview of #${pr}: removed`,
    "",
    `The pull request closed, so the ${code(result.tag)} tag was removed${result.deleted.length ? ` and ${result.deleted.map(code).join(", ")} deleted` : ""}.${kept ? ` Kept: ${kept}.` : ""}`,
  ].join("\n");
}

export const previewSkippedComment = (pr: string) =>
  [
    `### Preview of #${pr}: skipped`,
    "",
    "This pull request comes from a fork. Fork pull requests never receive cloud credentials, so Runway does not deploy them. A maintainer can push the branch to this repository to get a preview.",
  ].join("\n");

/** Mentions the author, says what failed, quotes the error on one line (at most 1,000 characters) and links the run. */
export function failureComment(author: string, headline: string, message: string, runUrl: string | undefined): string {
  return [
    `@${author} ${headline}`,
    "",
    `> ${message.replace(/\n/g, " ").slice(0, 1000)}`,
    "",
    runUrl ? `[Workflow run](${runUrl})` : "",
  ].join("\n");
}
