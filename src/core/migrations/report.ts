// How a gate report is shown: annotations on the migration lines, a job summary, the CLI's text,
// and the JSON of the issue's contract.
import { cell, code, table } from "../summary/markdown.js";
import type { Logger } from "../../shared/runtime.js";
import type { Finding, GateReport } from "./types.js";

const DOCS = "docs/migration-rules.md";
const short = (sha: string | null) => (sha ? sha.slice(0, 12) : "none (nothing live)");

/** The JSON report: exactly these keys, whatever else the analysis returned. */
export function reportJson(report: GateReport): GateReport {
  const { decision, base, candidate, plan, findings } = report;
  return { decision, base, candidate, plan, findings };
}

/** Errors and warnings become annotations on the migration line; notices are logged. */
export function announceFindings(findings: Finding[], logger: Logger): void {
  for (const f of findings) {
    const text = `${f.rule} (${f.category}) ${f.app}.${f.migration}: ${f.message}`;
    const where = f.file ? { file: f.file, line: f.line, field: f.rule } : undefined;
    if (f.severity === "error") logger.error(text, where);
    else if (f.severity === "warning") logger.warn(text, where);
    else logger.info(`${f.file}:${f.line}: ${text}`);
  }
}

/** One line: the action's `summary` output and the failure message. */
export function oneLine(report: GateReport, environment: string): string {
  const count = (severity: Finding["severity"]) => report.findings.filter((f) => f.severity === severity).length;
  const blocking = report.findings.filter((f) => f.severity === "error").map((f) => `${f.rule.split("-")[0]} ${f.app}.${f.migration}`);
  const head = `migration gate for ${environment}: ${report.decision}, ${report.plan.length} new migration(s)`;
  const tail = `${count("error")} blocking, ${count("warning")} warning(s), ${count("notice")} notice(s)`;
  return `${head}; ${tail}${blocking.length ? ` (${[...new Set(blocking)].join(", ")})` : ""}`;
}

export function renderText(report: GateReport, environment: string): string {
  const lines = [oneLine(report, environment), `base ${short(report.base)} → candidate ${short(report.candidate)}`, ""];
  lines.push(report.plan.length ? "plan:" : "plan: no new migrations");
  for (const p of report.plan) lines.push(`  ${p.app}.${p.name}  ${p.file}${p.reversible ? "" : "  (irreversible)"}`);
  if (report.findings.length) lines.push("", "findings:");
  for (const f of report.findings)
    lines.push(`  ${f.severity.padEnd(7)} ${f.rule}  ${f.file}:${f.line}  [${f.resolution}]`, `          ${f.message}`);
  lines.push("", `rules: ${DOCS}`);
  return lines.join("\n");
}

export function renderMarkdown(report: GateReport, environment: string): string {
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
    `Base ${code(short(report.base))} → candidate ${code(short(report.candidate))}. Rules and their safe patterns: ${code(DOCS)}.`,
    "",
    report.plan.length ? table(["migration", "file", "reversible", "categories"], plan) : "No new migrations.",
    "",
    report.findings.length
      ? table(["severity", "rule", "category", "migration", "where", "resolution", "message"], findings)
      : "No findings.",
    "",
  ].join("\n");
}
