// What the gate says while it runs and in its outputs: annotations on the migration lines, the
// one-line verdict, and the JSON of the issue's contract. The CLI's text and the job summary are
// src/present's (terminal/migrations.ts, summary/migrations.ts).
import type { Logger } from "../../shared/runtime.js";
import type { Finding, GateReport } from "./types.js";

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
