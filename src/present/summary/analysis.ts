// The canary analysis in a job summary: per analysis, each metric's canary against stable, the
// threshold and the verdict; then one mermaid xychart per metric across the analyses (bars the
// canary, lines the stable revision and the limit), which GitHub renders in job summaries.
import type { Evidence, MetricName } from "../../core/analysis.js";
import type { AnalysisRecord } from "../../core/canary.js";
import { code, table } from "../markdown.js";

const VERDICT = { pass: "✅ pass", fail: "❌ fail", "no data": "➖ no data" } as const;
const OUTCOME: Record<AnalysisRecord["outcome"], string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  "passed: too little traffic": "⚠️ passed: too little traffic to judge",
  "failed: too little traffic": "❌ failed: too little traffic to judge",
};

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);
const value = (e: Evidence, n: number | undefined) => (n === undefined ? "" : `${round(n)}${e.unit === "%" ? "%" : " ms"}`);
const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} min`;

function heading(a: AnalysisRecord): string {
  const stable = a.stable ? ` against ${code(a.stable)}${a.baseline ? " (the previous release's baseline before the rollout)" : ""}` : "";
  const requests = `${a.canaryRequests} canary requests${a.stableRequests === undefined ? "" : `, ${a.stableRequests} stable`}`;
  return `**${a.step}**: ${OUTCOME[a.outcome]}. ${code(a.canary)}${stable}, over ${minutes(a.endMs - a.startMs)}, ${requests}.`;
}

function evidenceTable(a: AnalysisRecord): string {
  return table(
    ["metric", "canary", "stable", "threshold", "verdict"],
    a.evidence.map((e) => [e.metric, value(e, e.canary), value(e, e.stable), e.threshold, VERDICT[e.verdict]]),
  );
}

/** One chart for one metric across the analyses: the canary as bars, stable and the limit as lines. */
export function metricChart(metric: MetricName, analyses: AnalysisRecord[]): string {
  const rows = analyses.map((a) => ({ step: a.step, e: a.evidence.find((e) => e.metric === metric) })).filter((r) => r.e);
  const unit = rows[0]?.e?.unit === "%" ? "%" : "ms";
  const series = (pick: (e: Evidence) => number | undefined) => `[${rows.map((r) => round(pick(r.e as Evidence) ?? 0)).join(", ")}]`;
  const top = Math.max(1, ...rows.flatMap((r) => [r.e?.canary ?? 0, r.e?.stable ?? 0, r.e?.limit ?? 0]));
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${metric} (${unit}): canary bars, stable and limit lines"`,
    `  x-axis [${rows.map((r) => `"${r.step.replace(/"/g, "'")}"`).join(", ")}]`,
    `  y-axis "${unit}" 0 --> ${round(top * 1.2)}`,
    `  bar ${series((e) => e.canary)}`,
    `  line ${series((e) => e.stable)}`,
    `  line ${series((e) => e.limit)}`,
    "```",
  ].join("\n");
}

export function analysisSection(analyses: AnalysisRecord[] | undefined): string[] {
  if (!analyses?.length) return [];
  const metrics = [...new Set(analyses.flatMap((a) => a.evidence.map((e) => e.metric)))];
  return [
    "### Canary analysis",
    "",
    ...analyses.flatMap((a) => [heading(a), "", ...(a.evidence.length ? [evidenceTable(a), ""] : [])]),
    ...metrics.flatMap((m) => [metricChart(m, analyses), ""]),
  ];
}
