// google.monitoring.v3.MetricService: ListTimeSeries, ListMetricDescriptors and GetMetricDescriptor for
// Cloud Run's request_count and request_latencies, computed from the requests the emulator served.
// Semantics and their sources: docs/emulator-fidelity.md, "Cloud Monitoring".
import { paginate, stableJson, truncate } from "../common.js";
import type { Emu } from "../context.js";
import { invalid, notFound } from "../errors.js";
import type { Json, JsonValue } from "../proto.js";
import type { Handler } from "../registry.js";
import { type Clause, knownField, normaliseField, parseFilter } from "./filter.js";
import {
  descriptor,
  Distribution,
  METRICS,
  type MetricInfo,
  type MetricKind,
  RESOURCE_TYPE,
  SAMPLE_MS,
  type ValueType,
} from "./metrics.js";
import type { RequestRecord } from "./requests.js";

/** What the registry lists as not served, with the reason. */
export const METRIC_SERVICE_NOT_SERVED: Record<string, string> = {
  ListMonitoredResourceDescriptors:
    "monitored resource descriptors are not emulated; the emulator knows one resource type, cloud_run_revision",
  GetMonitoredResourceDescriptor:
    "monitored resource descriptors are not emulated; the emulator knows one resource type, cloud_run_revision",
  CreateMetricDescriptor: "custom metrics are not emulated: the emulator serves Cloud Run's own request metrics only",
  DeleteMetricDescriptor: "custom metrics are not emulated: the emulator serves Cloud Run's own request metrics only",
  CreateTimeSeries: "writing points is not emulated: the emulator's time series come from the requests it served",
  CreateServiceTimeSeries: "writing points is not emulated: the emulator's time series come from the requests it served",
};

type Value = { type: "INT64" | "DOUBLE"; v: number } | { type: "DISTRIBUTION"; v: Distribution };

interface Series {
  metric: Record<string, string>;
  resource: Record<string, string>;
  kind: MetricKind;
  valueType: ValueType;
  unit: string;
  /** Point values by the end of their interval (ms), with the interval's length. */
  points: Map<number, Value>;
  spanMs: number;
}

const ALIGNERS = new Set([
  "ALIGN_NONE",
  "ALIGN_DELTA",
  "ALIGN_SUM",
  "ALIGN_RATE",
  "ALIGN_PERCENTILE_50",
  "ALIGN_PERCENTILE_95",
  "ALIGN_PERCENTILE_99",
]);
const REDUCERS = new Set(["REDUCE_NONE", "REDUCE_SUM", "REDUCE_PERCENTILE_50", "REDUCE_PERCENTILE_95", "REDUCE_PERCENTILE_99"]);
const MAX_PAGE = 100_000;

function projectOf(name: JsonValue | undefined): string {
  if (typeof name !== "string" || name === "") throw invalid("name", "required");
  const match = /^projects\/([^/]+)$/.exec(name);
  if (!match) {
    if (/^(organizations|folders)\/[^/]+$/.test(name))
      throw invalid("name", "organizations/* and folders/* are not supported by the emulator: give projects/[PROJECT_ID]");
    throw invalid("name", `must match "projects/*", got ${JSON.stringify(truncate(name))}`);
  }
  return match[1] as string;
}

function timeOf(field: string, value: JsonValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw invalid(field, `not a timestamp: ${JSON.stringify(truncate(String(value)))}`);
  return ms;
}

function durationOf(field: string, value: JsonValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(String(value));
  if (!match) throw invalid(field, `not a duration: ${JSON.stringify(truncate(String(value)))}`);
  return Number(match[1]) * 1000 + Number(`0.${match[2] ?? "0"}`) * 1000;
}

const iso = (ms: number) => new Date(ms).toISOString();

function matches(clauses: Clause[], metric: Record<string, string>, resource: Record<string, string>): boolean {
  return clauses.every((clause) => {
    if (clause.field === "metric.type") return true;
    if (clause.field === "resource.type") return clause.values.includes(RESOURCE_TYPE);
    const [scope, , key] = clause.field.split(".") as [string, string, string];
    const value = (scope === "metric" ? metric : resource)[key];
    return value !== undefined && clause.values.includes(value);
  });
}

/** The metric a filter names: exactly one, and one the emulator serves. */
function metricOf(clauses: Clause[]): MetricInfo {
  const types = clauses.filter((c) => c.field === "metric.type");
  if (types.length !== 1 || types[0]?.values.length !== 1) throw invalid("filter", 'must specify a single metric type: metric.type = "…"');
  const type = types[0].values[0] as string;
  const info = METRICS[type];
  if (!info)
    throw invalid(
      "filter",
      `metric type ${JSON.stringify(truncate(type))} is not supported: the emulator serves ${Object.keys(METRICS).join(" and ")}`,
    );
  return info;
}

/** Raw series: one per revision and response code, one DELTA point per 60-second sample with requests. */
function rawSeries(records: RequestRecord[], project: string, info: MetricInfo, clauses: Clause[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const record of records) {
    if (record.project !== project) continue;
    const metric = { response_code: String(record.code), response_code_class: `${String(record.code)[0]}xx` };
    const resource = {
      project_id: record.project,
      service_name: record.service,
      revision_name: record.revision,
      location: record.location,
      configuration_name: record.service,
    };
    if (!matches(clauses, metric, resource)) continue;
    const key = `${record.location}/${record.service}/${record.revision}/${record.code}`;
    let series = byKey.get(key);
    if (!series) {
      series = { metric, resource, kind: "DELTA", valueType: info.valueType, unit: info.unit, points: new Map(), spanMs: SAMPLE_MS };
      byKey.set(key, series);
    }
    const end = Math.floor(record.time / SAMPLE_MS) * SAMPLE_MS + SAMPLE_MS;
    const value = series.points.get(end);
    if (info.valueType === "INT64") series.points.set(end, { type: "INT64", v: (value ? (value.v as number) : 0) + 1 });
    else {
      const dist = value ? (value.v as Distribution) : new Distribution();
      series.points.set(end, { type: "DISTRIBUTION", v: dist.add(record.latencyMs) });
    }
  }
  return [...byKey.values()];
}

function combine(values: Value[]): Value {
  const first = values[0] as Value;
  if (first.type === "DISTRIBUTION") {
    const merged = new Distribution();
    for (const value of values) merged.merge(value.v as Distribution);
    return { type: "DISTRIBUTION", v: merged };
  }
  return { type: first.type, v: values.reduce((sum, value) => sum + (value.v as number), 0) };
}

/** Percentile across numbers, interpolating between the closest ranks. */
function percentileOf(numbers: number[], p: number): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const at = (p / 100) * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + (at - low) * ((sorted[high] as number) - (sorted[low] as number));
}

const percent = (name: string) => Number(name.slice(name.lastIndexOf("_") + 1));

function align(series: Series, aligner: string, periodMs: number, endMs: number, periods: number): Series {
  const buckets = new Map<number, Value[]>();
  for (const [end, value] of series.points) {
    const k = Math.floor((endMs - end) / periodMs);
    if (end > endMs || k >= periods) continue;
    const at = endMs - k * periodMs;
    buckets.set(at, [...(buckets.get(at) ?? []), value]);
  }
  const points = new Map<number, Value>();
  let kind: MetricKind = series.kind;
  let valueType: ValueType = series.valueType;
  let unit = series.unit;
  for (const [at, values] of buckets) {
    const total = combine(values);
    if (aligner === "ALIGN_DELTA" || aligner === "ALIGN_SUM") points.set(at, total);
    else if (aligner === "ALIGN_RATE") {
      points.set(at, { type: "DOUBLE", v: (total.v as number) / (periodMs / 1000) });
      kind = "GAUGE";
      valueType = "DOUBLE";
      unit = `${series.unit}/s`;
    } else {
      points.set(at, { type: "DOUBLE", v: (total.v as Distribution).percentile(percent(aligner)) });
      kind = "GAUGE";
      valueType = "DOUBLE";
    }
  }
  return { ...series, points, kind, valueType, unit, spanMs: periodMs };
}

function reduce(series: Series[], reducer: string, groupBy: string[]): Series[] {
  const groups = new Map<string, Series[]>();
  for (const one of series) {
    const key = stableJson(groupBy.map((field) => labelOf(one, field) ?? null));
    groups.set(key, [...(groups.get(key) ?? []), one]);
  }
  const out: Series[] = [];
  for (const members of groups.values()) {
    const first = members[0] as Series;
    const metric: Record<string, string> = {};
    const resource: Record<string, string> = {};
    for (const field of groupBy) {
      const value = labelOf(first, field);
      if (value === undefined) continue;
      const [scope, , key] = field.split(".") as [string, string, string];
      (scope === "metric" ? metric : resource)[key] = value;
    }
    const byEnd = new Map<number, Value[]>();
    for (const member of members) for (const [end, value] of member.points) byEnd.set(end, [...(byEnd.get(end) ?? []), value]);
    const points = new Map<number, Value>();
    let valueType = first.valueType;
    let kind = first.kind;
    for (const [end, values] of byEnd) {
      if (reducer === "REDUCE_SUM") points.set(end, combine(values));
      else {
        const p = percent(reducer);
        const v =
          first.valueType === "DISTRIBUTION"
            ? (combine(values).v as Distribution).percentile(p)
            : percentileOf(
                values.map((value) => value.v as number),
                p,
              );
        points.set(end, { type: "DOUBLE", v });
        valueType = "DOUBLE";
        kind = "GAUGE";
      }
    }
    out.push({ ...first, metric, resource, points, valueType, kind });
  }
  return out;
}

function labelOf(series: Series, field: string): string | undefined {
  const [scope, , key] = field.split(".") as [string, string, string];
  return (scope === "metric" ? series.metric : series.resource)[key];
}

function pointJson(series: Series, end: number, value: Value): Json {
  const start = series.kind === "GAUGE" ? end : end - series.spanMs;
  const typed: Json =
    value.type === "INT64"
      ? { int64Value: String(value.v) }
      : value.type === "DOUBLE"
        ? { doubleValue: value.v }
        : { distributionValue: (value.v as Distribution).toJSON() };
  return { interval: { startTime: iso(start), endTime: iso(end) }, value: typed };
}

function header(series: Series, type: string): Json {
  return {
    metric: { type, labels: series.metric },
    resource: { type: RESOURCE_TYPE, labels: series.resource },
    metricKind: series.kind,
    valueType: series.valueType,
    unit: series.unit,
  };
}

interface Aggregation {
  aligner: string;
  reducer: string;
  periodMs?: number;
  groupBy: string[];
}

function parseAggregation(input: JsonValue | undefined, info: MetricInfo): Aggregation {
  const aggregation = (input ?? {}) as Json;
  const aligner = String(aggregation.perSeriesAligner ?? "ALIGN_NONE");
  const reducer = String(aggregation.crossSeriesReducer ?? "REDUCE_NONE");
  const periodMs = durationOf("aggregation.alignment_period", aggregation.alignmentPeriod);
  const groupBy = ((aggregation.groupByFields ?? []) as string[]).map(normaliseField);
  if (!ALIGNERS.has(aligner))
    throw invalid(
      "aggregation.per_series_aligner",
      `${truncate(aligner)} is not supported by the emulator: use one of ${[...ALIGNERS].join(", ")}`,
    );
  if (!REDUCERS.has(reducer))
    throw invalid(
      "aggregation.cross_series_reducer",
      `${truncate(reducer)} is not supported by the emulator: use one of ${[...REDUCERS].join(", ")}`,
    );
  if (aligner !== "ALIGN_NONE") {
    if (periodMs === undefined) throw invalid("aggregation.alignment_period", `required with per_series_aligner ${aligner}`);
    if (periodMs < 60_000) throw invalid("aggregation.alignment_period", "must be at least 60 seconds");
  }
  if (reducer !== "REDUCE_NONE" && aligner === "ALIGN_NONE")
    throw invalid("aggregation.per_series_aligner", "cross_series_reducer requires a per_series_aligner other than ALIGN_NONE");
  if (aligner === "ALIGN_RATE" && info.valueType === "DISTRIBUTION")
    throw invalid("aggregation.per_series_aligner", `ALIGN_RATE is valid for numeric values only; ${info.type} is a DISTRIBUTION`);
  if (aligner.startsWith("ALIGN_PERCENTILE") && info.valueType !== "DISTRIBUTION")
    throw invalid("aggregation.per_series_aligner", `${aligner} is valid for distribution values only; ${info.type} is ${info.valueType}`);
  for (const field of groupBy) {
    if (field === "resource.type" || field === "metric.type") continue;
    if (!knownField(field))
      throw invalid("aggregation.group_by_fields", `${JSON.stringify(truncate(field))} is not supported by the emulator`);
  }
  return { aligner, reducer, periodMs, groupBy: groupBy.filter((f) => f !== "resource.type" && f !== "metric.type") };
}

function listTimeSeries(emu: Emu, request: Json): Json {
  const project = projectOf(request.name);
  if (typeof request.filter !== "string" || request.filter.trim() === "") throw invalid("filter", "required");
  const clauses = parseFilter(request.filter);
  const info = metricOf(clauses);
  const interval = (request.interval ?? {}) as Json;
  const endMs = timeOf("interval.end_time", interval.endTime);
  if (endMs === undefined) throw invalid("interval.end_time", "required");
  const startMs = timeOf("interval.start_time", interval.startTime) ?? endMs;
  if (startMs > endMs) throw invalid("interval.start_time", "must not be later than interval.end_time");
  if (request.secondaryAggregation !== undefined)
    throw invalid("secondary_aggregation", "not supported by the emulator: give one aggregation");
  if (request.orderBy) throw invalid("order_by", "unsupported: must be left blank (points come newest first)");
  const aggregation = parseAggregation(request.aggregation, info);

  let series = rawSeries(emu.requests.records, project, info, clauses);
  if (aggregation.aligner === "ALIGN_NONE") {
    // A raw point is in the interval when its end is: in (start, end], or at end when they are equal.
    series = series.map((one) => ({
      ...one,
      points: new Map([...one.points].filter(([end]) => end <= endMs && (end > startMs || end === endMs))),
    }));
  } else {
    const periodMs = aggregation.periodMs as number;
    const periods = Math.max(1, Math.ceil((endMs - startMs) / periodMs));
    series = series.map((one) => align(one, aggregation.aligner, periodMs, endMs, periods));
    if (aggregation.reducer !== "REDUCE_NONE") series = reduce(series, aggregation.reducer, aggregation.groupBy);
  }
  series = series
    .filter((one) => one.points.size > 0)
    .sort((a, b) => stableJson([a.resource, a.metric]).localeCompare(stableJson([b.resource, b.metric])));

  const headers = request.view === "HEADERS";
  let timeSeries: Json[];
  let nextPageToken: string;
  if (headers) {
    const paged = paginate(series, request, MAX_PAGE);
    timeSeries = paged.page.map((one) => header(one, info.type));
    nextPageToken = paged.nextPageToken;
  } else {
    // page_size counts points under the FULL view: a series may continue on the next page.
    const flat = series.flatMap((one, index) =>
      [...one.points].sort(([a], [b]) => b - a).map(([end, value]) => ({ index, point: pointJson(one, end, value) })),
    );
    const paged = paginate(flat, request, MAX_PAGE);
    timeSeries = [];
    let last = -1;
    let points: Json[] = [];
    for (const { index, point } of paged.page) {
      if (index !== last) {
        points = [];
        timeSeries.push({ ...header(series[index] as Series, info.type), points });
      }
      points.push(point);
      last = index;
    }
    nextPageToken = paged.nextPageToken;
  }
  const units = new Set(series.map((one) => one.unit));
  return {
    timeSeries,
    nextPageToken,
    ...(units.size === 1 ? { unit: [...units][0] as string } : {}),
  };
}

function listMetricDescriptors(request: Json): Json {
  const project = projectOf(request.name);
  let types = Object.keys(METRICS);
  if (typeof request.filter === "string" && request.filter.trim() !== "") {
    const clauses = parseFilter(request.filter);
    for (const clause of clauses) {
      if (clause.field !== "metric.type")
        throw invalid("filter", `${clause.field} is not supported when listing metric descriptors: filter on metric.type`);
      types = types.filter((type) => clause.values.includes(type));
    }
  }
  const { page, nextPageToken } = paginate(
    types.map((type) => descriptor(project, METRICS[type] as MetricInfo)),
    request,
    MAX_PAGE,
  );
  return { metricDescriptors: page, nextPageToken };
}

function getMetricDescriptor(request: Json): Json {
  const match = /^projects\/([^/]+)\/metricDescriptors\/(.+)$/.exec(String(request.name ?? ""));
  if (!match)
    throw invalid("name", `must match "projects/*/metricDescriptors/**", got ${JSON.stringify(truncate(String(request.name ?? "")))}`);
  const info = METRICS[match[2] as string];
  if (!info) throw notFound(`Metric descriptor ${truncate(match[2] as string)}`);
  return descriptor(match[1] as string, info);
}

export function metricHandlers(emu: Emu): Record<string, Handler> {
  return {
    ListTimeSeries: (request) => listTimeSeries(emu, request),
    ListMetricDescriptors: (request) => listMetricDescriptors(request),
    GetMetricDescriptor: (request) => getMetricDescriptor(request),
  };
}
