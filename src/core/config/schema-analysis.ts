// Canary analysis: thresholds on the canary revision's request metrics (Cloud Monitoring) over a
// rollout step's window, and the bake after 100%. Every field is optional where it is written
// (a step's `analysis` overrides the rollout's default one field at a time); the defaults are
// filled in once both are merged (resolveAnalysis), so that a step's omission never hides the
// rollout's value.
import { z } from "zod";
import { duration, intAtLeast, obj } from "./fields.js";

const factor = () =>
  z
    .string('must be a factor like "1.5x"')
    .regex(/^\d+(?:\.\d+)?x$/, 'must be a factor like "1.5x"')
    .transform((text) => Number(text.slice(0, -1)))
    .refine((value) => value >= 1, "must be at least 1x: the canary is allowed at least the stable revision's latency");

const latency = (p: string) =>
  duration({ min: "1ms", max: "10m" }).optional().describe(`Fails the step when the canary's ${p} latency is above this, e.g. "800ms".`);
const relative = (p: string) =>
  factor()
    .optional()
    .describe(`Fails the step when the canary's ${p} latency is above this many times the stable revision's, e.g. "1.5x".`);

export const ANALYSIS_FIELDS = {
  "max-5xx-ratio": z
    .number("must be a number between 0 and 1, e.g. 0.01 for 1%")
    .min(0, "must be between 0 and 1")
    .max(1, "must be between 0 and 1")
    .optional()
    .describe("Fails the step when more than this share of the canary's requests answer 5xx, e.g. 0.01 for 1%."),
  "max-p50": latency("median (p50)"),
  "max-p95": latency("p95"),
  "max-p99": latency("p99"),
  "p50-vs-stable": relative("median (p50)"),
  "p95-vs-stable": relative("p95"),
  "p99-vs-stable": relative("p99"),
  "min-requests": intAtLeast(1)
    .optional()
    .describe("Fewest canary requests in the window to judge on; below it the step waits longer (up to max-wait). Default: 100."),
  "max-wait": duration({ max: "1h" })
    .optional()
    .describe("The longest a step waits beyond its own wait for min-requests, at most 1h. Default: 10m."),
  "too-little-traffic": z
    .enum(["fail", "pass"], 'must be "fail" or "pass"')
    .optional()
    .describe('What a step does when min-requests is still not reached after max-wait: "fail" (roll back) or "pass". Default: fail.'),
};

const MILLIS = ["max-p50", "max-p95", "max-p99", "max-wait"] as const;

export const analysisSchema = obj(ANALYSIS_FIELDS, { millis: MILLIS }).meta({
  title: "Canary analysis",
  description:
    "Thresholds on the canary revision's 5xx ratio and latency (absolute, or relative to the stable revision) over the step's window, from Cloud Monitoring.",
});

export const bakeSchema = obj(
  { duration: duration({ min: "1m", max: "24h" }), ...ANALYSIS_FIELDS },
  { millis: [...MILLIS, "duration"] },
).meta({
  title: "Bake",
  description:
    "A watch after 100%: for `duration`, the release's metrics against the previous release's over the same length of time before the rollout; a breach rolls back. Thresholds default to the rollout's `analysis`.",
});

type Written = z.output<typeof analysisSchema>;

/** Thresholds with the defaults filled in: what core/analysis.ts judges by. */
export interface AnalysisSpec {
  max5xxRatio?: number;
  /** Absolute latency limits, by percentile. */
  maxLatencyMs: Partial<Record<Percentile, number>>;
  /** Limits as factors of the stable revision's latency, by percentile. */
  vsStable: Partial<Record<Percentile, number>>;
  minRequests: number;
  maxWaitMs: number;
  tooLittleTraffic: "fail" | "pass";
}

export type Percentile = "p50" | "p95" | "p99";
export const PERCENTILES: Percentile[] = ["p50", "p95", "p99"];

/** A step's own thresholds over the rollout's default, then the defaults; undefined when neither asks for analysis. */
export function resolveAnalysis(base: Written | undefined, own: Written | false | undefined): AnalysisSpec | undefined {
  if (own === false || (!base && !own)) return undefined;
  const defined = (o: object | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...defined(base), ...defined(own || undefined) } as Written;
  return {
    max5xxRatio: merged.max5xxRatio,
    maxLatencyMs: defined({ p50: merged.maxP50Ms, p95: merged.maxP95Ms, p99: merged.maxP99Ms }),
    vsStable: defined({ p50: merged.p50VsStable, p95: merged.p95VsStable, p99: merged.p99VsStable }),
    minRequests: merged.minRequests ?? 100,
    maxWaitMs: merged.maxWaitMs ?? 600_000,
    tooLittleTraffic: merged.tooLittleTraffic ?? "fail",
  };
}
