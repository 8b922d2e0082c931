// The migration gate's report for a terminal (`runway migrations check`): plain lines, no Markdown.
import { oneLine } from "../../core/migrations/report.js";
import { RULES_DOC, shortCommit } from "../format.js";
import type { GateReport } from "../../core/migrations/types.js";

export function gateReportText(report: GateReport, environment: string): string {
  const lines = [oneLine(report, environment), `base ${shortCommit(report.base)} → candidate ${shortCommit(report.candidate)}`, ""];
  lines.push(report.plan.length ? "plan:" : "plan: no new migrations");
  for (const p of report.plan) lines.push(`  ${p.app}.${p.name}  ${p.file}${p.reversible ? "" : "  (irreversible)"}`);
  if (report.findings.length) lines.push("", "findings:");
  for (const f of report.findings)
    lines.push(`  ${f.severity.padEnd(7)} ${f.rule}  ${f.file}:${f.line}  [${f.resolution}]`, `          ${f.message}`);
  lines.push("", `rules: ${RULES_DOC}`);
  return lines.join("\n");
}
