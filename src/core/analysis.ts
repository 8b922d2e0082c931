// The canary verdict, from numbers alone: a revision's request count, 5xx answers and latency
// percentiles over a window, against the thresholds of the step (config/schema-analysis.ts) and,
// for relative limits, the stable revision's numbers over the same window. No I/O here: what
// reads the numbers and waits for enough of them is core/canary.ts.
import { PERCENTILES } from "./config/schema-analysis.js";
import type { AnalysisSpec, Percentile } from "./config/types.js";

export interface Signals {
  requests: number;
  errors5xx: number;
  /** By percentile, in ms; absent when Monitoring had no latency point. */
  latencyMs: Partial<Record<Percentile, number>>;
}

export type MetricName = "5xx ratio" | Percentile;

export interface Evidence {
  metric: MetricName;
  unit: "%" | "ms";
  canary?: number;
  stable?: number;
  /** The limit the canary was held to, in `unit`; absent when nothing could be applied. */
  limit?: number;
  /** How the limit was set, e.g. "≤ 2%" or "≤ 800 ms and ≤ 1.5× stable". */
  threshold: string;
  verdict: "pass" | "fail" | "no data";
}

export interface Judgement {
  /** Whether the canary had min-requests: below it nothing is judged. */
  enough: boolean;
  passed: boolean;
  evidence: Evidence[];
}

/** Which latency percentiles the spec has a limit on: only those are read. */
export const percentilesOf = (spec: AnalysisSpec): Percentile[] =>
  PERCENTILES.filter((p) => spec.maxLatencyMs[p] !== undefined || spec.vsStable[p] !== undefined);

export function judge(spec: AnalysisSpec, canary: Signals, stable?: Signals): Judgement {
  const enough = canary.requests >= spec.minRequests;
  const evidence = [...errorEvidence(spec, canary, stable), ...percentilesOf(spec).map((p) => latencyEvidence(spec, p, canary, stable))];
  return { enough, passed: enough && evidence.every((e) => e.verdict !== "fail"), evidence };
}

const ratio = (s: Signals | undefined) => (s && s.requests > 0 ? (100 * s.errors5xx) / s.requests : undefined);

function errorEvidence(spec: AnalysisSpec, canary: Signals, stable?: Signals): Evidence[] {
  if (spec.max5xxRatio === undefined) return [];
  const limit = spec.max5xxRatio * 100;
  const value = ratio(canary);
  const verdict = value === undefined ? "no data" : value > limit ? "fail" : "pass";
  return [{ metric: "5xx ratio", unit: "%", canary: value, stable: ratio(stable), limit, threshold: `≤ ${round(limit)}%`, verdict }];
}

/**
 * The tighter of the absolute limit and the factor of the stable revision's latency. A stable
 * revision with fewer than min-requests is no baseline: a relative limit on it would judge the
 * canary by noise, so only the absolute limit applies then (and the threshold says so).
 */
function latencyEvidence(spec: AnalysisSpec, p: Percentile, canary: Signals, stable?: Signals): Evidence {
  const absolute = spec.maxLatencyMs[p];
  const factor = spec.vsStable[p];
  const base = stable && stable.requests >= spec.minRequests ? stable.latencyMs[p] : undefined;
  const relative = factor !== undefined && base !== undefined ? factor * base : undefined;
  const limits = [absolute, relative].filter((l): l is number => l !== undefined);
  const limit = limits.length ? Math.min(...limits) : undefined;
  const parts = [
    absolute !== undefined ? `≤ ${round(absolute)} ms` : undefined,
    factor !== undefined
      ? relative !== undefined
        ? `≤ ${factor}× stable (${round(relative)} ms)`
        : `${factor}× stable: no baseline`
      : undefined,
  ].filter(Boolean);
  const value = canary.latencyMs[p];
  const verdict = value === undefined || limit === undefined ? "no data" : value > limit ? "fail" : "pass";
  return { metric: p, unit: "ms", canary: value, stable: stable?.latencyMs[p], limit, threshold: parts.join(" and "), verdict };
}

export const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

/** One line per failed metric, for the step's error and the log. */
export function describeBreaches(evidence: Evidence[]): string {
  return evidence
    .filter((e) => e.verdict === "fail")
    .map((e) => {
      const stable = e.stable === undefined ? "" : `, stable ${round(e.stable)}${e.unit === "%" ? "%" : " ms"}`;
      return `${e.metric} ${round(e.canary as number)}${e.unit === "%" ? "%" : " ms"} breaks ${e.threshold}${stable}`;
    })
    .join("; ");
}
