// Canary analysis at a rollout step or in the bake: reads the canary's (and the stable
// revision's) request metrics from Cloud Monitoring over the window, waits while there are too
// few requests to judge (bounded by max-wait, with progress in the log), and passes or throws.
// A Monitoring fault that outlasts the port's retries fails the step: never "passed" unread.
import { latencyPercentiles, type MetricWindow, requestCounts } from "../gcp/monitoring.js";
import type { RunDeps } from "../gcp/cloudrun.js";
import { waitWithProgress } from "../shared/runtime.js";
import { describeBreaches, type Evidence, judge, percentilesOf, type Signals } from "./analysis.js";
import type { AnalysisSpec } from "./config/types.js";

/** What the job summary shows for one analysis. */
export interface AnalysisRecord {
  /** The timeline step it ran in: "traffic 10%", "bake". */
  step: string;
  canary: string;
  stable?: string;
  startMs: number;
  endMs: number;
  /** Where the stable numbers come from when not the same window (the bake's baseline). */
  baseline?: { startMs: number; endMs: number };
  canaryRequests: number;
  stableRequests?: number;
  outcome: "passed" | "failed" | "passed: too little traffic" | "failed: too little traffic";
  evidence: Evidence[];
}

export interface AnalysisTarget {
  project: string;
  region: string;
  /** The service's short name. */
  service: string;
  canary: string;
  stable?: string;
  /** Every analysis is appended here as it ends, passed or not: the summary's evidence. */
  records: AnalysisRecord[];
}

/** Monitoring's shortest alignment period: a shorter window cannot be read. */
const MIN_WINDOW_MS = 60_000;
/** Cloud Run writes its request metrics per minute: waiting less shows nothing new. */
const RECHECK_MS = 60_000;

/**
 * Judges the canary over [startMs, now], the stable revision over the same window or, for the
 * bake, over `baseline`. Returns a one-line verdict; throws with the evidence on a breach.
 */
export async function analyse(
  deps: RunDeps,
  target: AnalysisTarget,
  spec: AnalysisSpec,
  step: string,
  window: { startMs: number; baseline?: { startMs: number; endMs: number } },
): Promise<string> {
  const baseline = window.baseline && target.stable ? await readOne(deps, target, target.stable, window.baseline, spec) : undefined;
  const deadline = Math.max(deps.clock.now().getTime(), window.startMs + MIN_WINDOW_MS) + spec.maxWaitMs;
  let requests = 0;
  for (;;) {
    const endMs = deps.clock.now().getTime();
    if (endMs - window.startMs >= MIN_WINDOW_MS) {
      const read = await readStep(deps, target, spec, { startMs: window.startMs, endMs }, baseline);
      requests = read.canary.requests;
      const verdict = judge(spec, read.canary, read.stable);
      const record = recordOf(target, step, window, endMs, read, verdict.evidence);
      if (verdict.enough) return conclude(target, { ...record, outcome: verdict.passed ? "passed" : "failed" });
      const left = deadline - endMs;
      if (left <= 0) return tooLittle(target, spec, record);
    }
    const wait = Math.min(RECHECK_MS, Math.max(deadline - endMs, window.startMs + MIN_WINDOW_MS - endMs));
    await waitWithProgress(
      deps.clock,
      deps.logger,
      wait,
      `${target.canary}: waiting for traffic to judge (${requests} of ${spec.minRequests} requests)`,
    );
  }
}

function conclude(target: AnalysisTarget, record: AnalysisRecord): string {
  target.records.push(record);
  const over = `${record.canaryRequests} requests in ${Math.round((record.endMs - record.startMs) / 1000)} s`;
  if (record.outcome === "failed") throw new Error(`canary analysis failed: ${describeBreaches(record.evidence)} (${over})`);
  return `analysis passed over ${over}`;
}

function tooLittle(target: AnalysisTarget, spec: AnalysisSpec, record: Omit<AnalysisRecord, "outcome">): string {
  const passed = spec.tooLittleTraffic === "pass";
  target.records.push({ ...record, outcome: passed ? "passed: too little traffic" : "failed: too little traffic" });
  const what = `${record.canaryRequests} requests after waiting, fewer than min-requests ${spec.minRequests}`;
  if (!passed) throw new Error(`not enough traffic to judge the canary: ${what} (too-little-traffic: fail)`);
  return `not judged: ${what}; passed as too-little-traffic: pass says`;
}

function recordOf(
  target: AnalysisTarget,
  step: string,
  window: { startMs: number; baseline?: { startMs: number; endMs: number } },
  endMs: number,
  read: { canary: Signals; stable?: Signals },
  evidence: Evidence[],
): Omit<AnalysisRecord, "outcome"> {
  return {
    step,
    canary: target.canary,
    ...(target.stable ? { stable: target.stable } : {}),
    startMs: window.startMs,
    endMs,
    ...(window.baseline ? { baseline: window.baseline } : {}),
    canaryRequests: read.canary.requests,
    ...(read.stable ? { stableRequests: read.stable.requests } : {}),
    evidence,
  };
}

/** The canary and the stable revision in one window, or the canary alone beside a baseline read before. */
async function readStep(
  deps: RunDeps,
  target: AnalysisTarget,
  spec: AnalysisSpec,
  span: { startMs: number; endMs: number },
  baseline: Signals | undefined,
): Promise<{ canary: Signals; stable?: Signals }> {
  const sameWindow = baseline === undefined && target.stable !== undefined;
  const revisions = sameWindow ? [target.canary, target.stable as string] : [target.canary];
  const read = await readSignals(deps, target, revisions, span, spec);
  return { canary: read[target.canary] as Signals, stable: sameWindow ? read[target.stable as string] : baseline };
}

async function readOne(
  deps: RunDeps,
  target: AnalysisTarget,
  revision: string,
  span: { startMs: number; endMs: number },
  spec: AnalysisSpec,
): Promise<Signals> {
  return (await readSignals(deps, target, [revision], span, spec))[revision] as Signals;
}

/**
 * One ListTimeSeries for the counts and one per percentile with a limit; the latencies are read
 * only once the canary has enough requests to be judged.
 */
async function readSignals(
  deps: RunDeps,
  target: AnalysisTarget,
  revisions: string[],
  span: { startMs: number; endMs: number },
  spec: AnalysisSpec,
): Promise<Record<string, Signals>> {
  const w: MetricWindow = { project: target.project, region: target.region, service: target.service, revisions, ...span };
  try {
    const counts = await requestCounts(deps, w);
    const out: Record<string, Signals> = Object.fromEntries(revisions.map((r) => [r, { ...(counts[r] as Signals), latencyMs: {} }]));
    if ((counts[revisions[0] as string]?.requests ?? 0) < spec.minRequests) return out;
    const wanted = percentilesOf(spec);
    if (wanted.length === 0) return out;
    const values = await latencyPercentiles(
      deps,
      w,
      wanted.map((p) => Number(p.slice(1))),
    );
    for (const r of revisions)
      for (const p of wanted) {
        const value = values[r]?.[Number(p.slice(1))];
        if (value !== undefined) (out[r] as Signals).latencyMs[p] = value;
      }
    return out;
  } catch (error) {
    throw new Error(`Cloud Monitoring could not be read, so the canary is not judged passed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
