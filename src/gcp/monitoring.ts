// The Cloud Monitoring front: the request metrics Cloud Run writes for each revision, read with
// ListTimeSeries, aligned and reduced by Monitoring itself so that one call answers one metric for
// every revision of a window, whatever the traffic. Each call is retried on transient errors.
import type { protos } from "@google-cloud/monitoring";
import type { RunDeps } from "./cloudrun.js";
import { withRetry } from "./retry.js";

type TimeSeries = protos.google.monitoring.v3.ITimeSeries;

export const REQUEST_COUNT = "run.googleapis.com/request_count";
export const REQUEST_LATENCIES = "run.googleapis.com/request_latencies";

export interface MetricWindow {
  project: string;
  region: string;
  service: string;
  /** The revisions to read, by short name. */
  revisions: string[];
  startMs: number;
  endMs: number;
}

export interface RequestCounts {
  requests: number;
  errors5xx: number;
}

const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
/** int64 values arrive as strings over REST and as numbers or Longs over gRPC. */
const int = (value: unknown) => Number(String(value ?? 0));

function filterFor(metric: string, w: MetricWindow): string {
  const revisions = w.revisions.map((r) => JSON.stringify(r)).join(", ");
  return [
    `metric.type = "${metric}"`,
    'resource.type = "cloud_run_revision"',
    `resource.labels.location = "${w.region}"`,
    `resource.labels.service_name = "${w.service}"`,
    `resource.labels.revision_name = one_of(${revisions})`,
  ].join(" AND ");
}

/**
 * One period spanning the whole window, so each group comes back as a single point. Monitoring's
 * shortest alignment period is 60 s; callers wait for a window at least that long.
 */
function aggregation(w: MetricWindow, reducer: string, groupBy: string[]) {
  const seconds = Math.max(60, Math.ceil((w.endMs - w.startMs) / 1000));
  return {
    alignmentPeriod: { seconds },
    perSeriesAligner: "ALIGN_DELTA" as const,
    crossSeriesReducer: reducer as never,
    groupByFields: groupBy,
  };
}

async function list(
  deps: RunDeps,
  what: string,
  w: MetricWindow,
  metric: string,
  reducer: string,
  groupBy: string[],
): Promise<TimeSeries[]> {
  const request = {
    name: `projects/${w.project}`,
    filter: filterFor(metric, w),
    interval: { startTime: timestamp(w.startMs), endTime: timestamp(w.endMs) },
    aggregation: aggregation(w, reducer, groupBy),
  };
  const [series] = await withRetry(`ListTimeSeries ${what} ${w.service}`, (o) => deps.clients.monitoring.listTimeSeries(request, o), deps);
  return series;
}

/** Each revision's requests and 5xx answers in the window: one ListTimeSeries call. */
export async function requestCounts(deps: RunDeps, w: MetricWindow): Promise<Record<string, RequestCounts>> {
  const series = await list(deps, "request_count", w, REQUEST_COUNT, "REDUCE_SUM", [
    "resource.labels.revision_name",
    "metric.labels.response_code_class",
  ]);
  const out: Record<string, RequestCounts> = Object.fromEntries(w.revisions.map((r) => [r, { requests: 0, errors5xx: 0 }]));
  for (const s of series) {
    const counts = out[s.resource?.labels?.revision_name ?? ""];
    if (!counts) continue;
    const n = (s.points ?? []).reduce((sum, p) => sum + int(p.value?.int64Value), 0);
    counts.requests += n;
    if (s.metric?.labels?.response_code_class === "5xx") counts.errors5xx += n;
  }
  return out;
}

/**
 * Each revision's latency percentiles (ms) in the window from one ListTimeSeries call: the
 * revision's distribution summed over the window by Monitoring (REDUCE_SUM merges distributions),
 * its percentiles read from the buckets here, so that p50, p95 and p99 cost one call, not three.
 */
export async function latencyPercentiles(
  deps: RunDeps,
  w: MetricWindow,
  percents: number[],
): Promise<Record<string, Record<number, number>>> {
  const series = await list(deps, "request_latencies", w, REQUEST_LATENCIES, "REDUCE_SUM", ["resource.labels.revision_name"]);
  const out: Record<string, Record<number, number>> = {};
  for (const s of series) {
    const revision = s.resource?.labels?.revision_name;
    const distribution = s.points?.[0]?.value?.distributionValue;
    if (revision && distribution && int(distribution.count) > 0)
      out[revision] = Object.fromEntries(percents.map((p) => [p, percentile(distribution, p)]));
  }
  return out;
}

type Distribution = protos.google.api.IDistribution;

/**
 * Bucket i's [lower, upper) under the distribution's bucket options (google/api/distribution.proto):
 * bucket 0 is the underflow, the last the overflow. Latencies are not negative, so the underflow
 * starts at 0.
 */
function bucketBounds(options: protos.google.api.Distribution.IBucketOptions, i: number): [number, number] {
  const exp = options.exponentialBuckets;
  const lin = options.linearBuckets;
  const edges = (n: number, edge: (k: number) => number): [number, number] =>
    i === 0 ? [0, edge(0)] : i > n ? [edge(n), Number.POSITIVE_INFINITY] : [edge(i - 1), edge(i)];
  if (exp) return edges(exp.numFiniteBuckets ?? 0, (k) => (exp.scale ?? 1) * (exp.growthFactor ?? 2) ** k);
  if (lin) return edges(lin.numFiniteBuckets ?? 0, (k) => (lin.offset ?? 0) + (lin.width ?? 1) * k);
  const bounds = options.explicitBuckets?.bounds ?? [];
  return i === 0 ? [0, bounds[0] ?? 0] : [bounds[i - 1] ?? 0, bounds[i] ?? Number.POSITIVE_INFINITY];
}

/** The p-th percentile, interpolated linearly inside the bucket that holds its rank; the overflow answers its lower bound. */
function percentile(distribution: Distribution, p: number): number {
  const counts = (distribution.bucketCounts ?? []).map(int);
  const rank = (p / 100) * int(distribution.count);
  let before = 0;
  for (const [i, n] of counts.entries()) {
    if (n > 0 && before + n >= rank) {
      const [lower, upper] = bucketBounds(distribution.bucketOptions ?? {}, i);
      return Number.isFinite(upper) ? lower + ((rank - before) / n) * (upper - lower) : lower;
    }
    before += n;
  }
  return 0;
}
