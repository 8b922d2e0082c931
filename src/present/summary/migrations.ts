// The migration gate's job summary: the verdict, the new migrations, and every finding.
import type { GateReport } from "../../core/migrations/types.js";
import { RULES_DOC, shortCommit } from "../format.js";
import { cell, code, table } from "../markdown.js";

export function renderGateSummary(report: GateReport, environment: string): string {
  const verdict = report.decision === "allow" ? "✅ allow" : "⛔ block";
  const plan = report.plan.map((p) => [code(`${p.app}.${p.name}`), code(p.file), p.reversible ? "yes" : "**no**", p.categories.join(", ")]);
  const findings = report.findings.map((f) => [
    f.severity,
    code(f.rule),
    f.category,
    code(`${f.app}.${f.migration}`),
    code(`${f.file}:${f.line}`),
    f.resolution,
    f.message,
  ]);
  return [
    `## Migration gate: ${cell(environment)} — ${verdict}`,
    "",
    `Base ${code(shortCommit(report.base))} → candidate ${code(shortCommit(report.candidate))}. Rules and their safe patterns: ${code(RULES_DOC)}.`,
    "",
    report.plan.length ? table(["migration", "file", "reversible", "categories"], plan) : "No new migrations.",
    "",
    report.findings.length
      ? table(["severity", "rule", "category", "migration", "where", "resolution", "message"], findings)
      : "No findings.",
    "",
  ].join("\n");
}
