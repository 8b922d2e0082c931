// The two Cloud Run metrics the emulator serves, and the distribution arithmetic of
// google/api/distribution.proto that request_latencies needs.
import type { Json } from "../proto.js";

export const REQUEST_COUNT = "run.googleapis.com/request_count";
export const REQUEST_LATENCIES = "run.googleapis.com/request_latencies";
export const RESOURCE_TYPE = "cloud_run_revision";

export type ValueType = "INT64" | "DOUBLE" | "DISTRIBUTION";
export type MetricKind = "DELTA" | "GAUGE";

export interface MetricInfo {
  type: string;
  kind: MetricKind;
  valueType: ValueType;
  unit: string;
  displayName: string;
  description: string;
}

/** From the Cloud Run section of the Google Cloud metrics list (cloud.google.com/monitoring/api/metrics_gcp). */
export const METRICS: Record<string, MetricInfo> = {
  [REQUEST_COUNT]: {
    type: REQUEST_COUNT,
    kind: "DELTA",
    valueType: "INT64",
    unit: "1",
    displayName: "Request Count",
    description: "Number of requests reaching the revision.",
  },
  [REQUEST_LATENCIES]: {
    type: REQUEST_LATENCIES,
    kind: "DELTA",
    valueType: "DISTRIBUTION",
    unit: "ms",
    displayName: "Request Latencies",
    description: "Distribution of request latency in milliseconds reaching the revision.",
  },
};

export const METRIC_LABELS: Record<string, string> = {
  response_code: "Response code of a request.",
  response_code_class: "Response code class of a request (1xx, 2xx, 3xx, 4xx, 5xx).",
};
export const RESOURCE_LABELS = ["project_id", "service_name", "revision_name", "location", "configuration_name"];

/** Cloud Run samples its request metrics every 60 seconds: one DELTA point per minute with requests. */
export const SAMPLE_MS = 60_000;

export function descriptor(project: string, info: MetricInfo): Json {
  return {
    name: `projects/${project}/metricDescriptors/${info.type}`,
    type: info.type,
    labels: Object.entries(METRIC_LABELS).map(([key, description]) => ({ key, valueType: "STRING", description })),
    metricKind: info.kind,
    valueType: info.valueType,
    unit: info.unit,
    description: info.description,
    displayName: info.displayName,
    metadata: { samplePeriod: "60s", ingestDelay: "180s" },
    launchStage: "GA",
    monitoredResourceTypes: [RESOURCE_TYPE],
  };
}

/**
 * Cloud Run does not document the bucket options of request_latencies. These are the exponential
 * buckets seen on Google's load balancer latency metric (growth 1.4, scale 1 ms, 66 finite buckets;
 * prometheus-community/stackdriver_exporter#241): bucket 0 is [0, 1) ms, bucket i is
 * [1.4^(i-1), 1.4^i) ms, bucket 67 is the overflow.
 */
export const BUCKETS = { numFiniteBuckets: 66, growthFactor: 1.4, scale: 1 };

function bucketOf(value: number): number {
  if (value < BUCKETS.scale) return 0;
  const i = Math.floor(Math.log(value / BUCKETS.scale) / Math.log(BUCKETS.growthFactor)) + 1;
  // Guard floating error at a boundary: bucket i holds [lower(i), upper(i)).
  const fixed = value < lower(i) ? i - 1 : value >= upper(i) ? i + 1 : i;
  return Math.min(fixed, BUCKETS.numFiniteBuckets + 1);
}
const lower = (i: number) => (i === 0 ? 0 : BUCKETS.scale * BUCKETS.growthFactor ** (i - 1));
const upper = (i: number) => (i > BUCKETS.numFiniteBuckets ? Number.POSITIVE_INFINITY : BUCKETS.scale * BUCKETS.growthFactor ** i);

/** A google.api.Distribution under construction: count, mean, sum of squared deviation, buckets. */
export class Distribution {
  count = 0;
  mean = 0;
  m2 = 0;
  readonly buckets: number[] = new Array(BUCKETS.numFiniteBuckets + 2).fill(0);

  add(value: number): this {
    this.count++;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    const i = bucketOf(value);
    this.buckets[i] = (this.buckets[i] as number) + 1;
    return this;
  }

  merge(other: Distribution): this {
    if (other.count === 0) return this;
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / count;
    this.mean += (delta * other.count) / count;
    this.count = count;
    other.buckets.forEach((n, i) => {
      this.buckets[i] = (this.buckets[i] as number) + n;
    });
    return this;
  }

  /**
   * The p-th percentile from the buckets alone, interpolating linearly inside the bucket that holds
   * the rank, as Monitoring computes percentiles of distribution values. The overflow bucket answers
   * its lower bound.
   */
  percentile(p: number): number {
    const rank = (p / 100) * this.count;
    let before = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const n = this.buckets[i] as number;
      if (n > 0 && before + n >= rank) {
        if (i > BUCKETS.numFiniteBuckets) return lower(i);
        return lower(i) + ((rank - before) / n) * (upper(i) - lower(i));
      }
      before += n;
    }
    return 0;
  }

  toJSON(): Json {
    let last = this.buckets.length;
    while (last > 0 && this.buckets[last - 1] === 0) last--;
    return {
      count: String(this.count),
      mean: this.mean,
      sumOfSquaredDeviation: this.m2,
      bucketOptions: { exponentialBuckets: { ...BUCKETS } },
      bucketCounts: this.buckets.slice(0, last).map(String),
    };
  }
}
