// One canonical, JSON-plain shape for a Scheduler job, built either from a declared schedule
// (schedule-declared.ts) or from a live job as either transport returns it (liveSpec). Comparing two specs field by field gives the
// plan's changes and the update_mask (proto snake_case paths, which is what the API accepts).
import { formatDuration } from "../config/duration.js";
import type { SchedulerJob } from "./marker.js";

export const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

export interface ScheduleSpec {
  /** The full job resource name. */
  name: string;
  description: string;
  schedule: string;
  timeZone: string;
  uri: string;
  httpMethod: string;
  /** Without User-Agent, which the API always replaces with its own. */
  headers: Record<string, string>;
  /** UTF-8 text; "" for none. */
  body: string;
  oauthToken?: { serviceAccountEmail: string; scope: string };
  oidcToken?: { serviceAccountEmail: string; audience: string };
  retry: { count: number; minBackoffMs: number; maxBackoffMs: number; maxDoublings: number; maxRetryDurationMs: number };
  attemptDeadlineMs: number;
}

export interface FieldChange {
  /** The update_mask path. */
  path: string;
  before?: string;
  after?: string;
}

const headerText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ") || undefined;

/** Every field Runway sets, by mask path, as the plan shows it; equal text means no change. */
const FIELDS: [path: string, show: (s: ScheduleSpec) => string | undefined][] = [
  ["description", (s) => s.description || undefined],
  ["schedule", (s) => s.schedule],
  ["time_zone", (s) => s.timeZone],
  ["http_target.uri", (s) => s.uri || undefined],
  ["http_target.http_method", (s) => s.httpMethod],
  ["http_target.headers", (s) => headerText(s.headers)],
  ["http_target.body", (s) => s.body || undefined],
  ["http_target.oauth_token", (s) => s.oauthToken && `${s.oauthToken.serviceAccountEmail} (scope ${s.oauthToken.scope})`],
  ["http_target.oidc_token", (s) => s.oidcToken && `${s.oidcToken.serviceAccountEmail} (audience ${s.oidcToken.audience})`],
  ["retry_config.retry_count", (s) => String(s.retry.count)],
  ["retry_config.min_backoff_duration", (s) => formatDuration(s.retry.minBackoffMs)],
  ["retry_config.max_backoff_duration", (s) => formatDuration(s.retry.maxBackoffMs)],
  ["retry_config.max_doublings", (s) => String(s.retry.maxDoublings)],
  ["retry_config.max_retry_duration", (s) => formatDuration(s.retry.maxRetryDurationMs)],
  ["attempt_deadline", (s) => formatDuration(s.attemptDeadlineMs)],
];

/** The fields that differ; with no `before`, every field (a create). */
export function diffSpecs(before: ScheduleSpec | undefined, after: ScheduleSpec): FieldChange[] {
  return FIELDS.map(([path, show]) => ({ path, before: before && show(before), after: show(after) })).filter(
    (change) => change.before !== change.after,
  );
}

type Duration = { seconds?: unknown; nanos?: number | null } | null | undefined;
const durationMs = (d: Duration, fallback: number) =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.round(Number(d.nanos ?? 0) / 1e6) : fallback;
const toDuration = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

const METHODS = ["HTTP_METHOD_UNSPECIFIED", "POST", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"];
const methodName = (value: unknown) => (typeof value === "number" ? (METHODS[value] ?? "POST") : String(value ?? "POST"));

/** gRPC returns bytes as a Buffer; a base64 string is handled too, for other decoders. */
function bodyText(body: unknown): string {
  if (!body) return "";
  if (typeof body === "string") return Buffer.from(body, "base64").toString("utf8");
  return Buffer.from(body as Uint8Array).toString("utf8");
}

/** A live job in spec form, with the API's documented defaults where a field is absent. */
export function liveSpec(job: SchedulerJob): ScheduleSpec {
  const http = job.httpTarget ?? {};
  const headers = Object.fromEntries(Object.entries(http.headers ?? {}).filter(([k]) => k.toLowerCase() !== "user-agent"));
  const retry = job.retryConfig ?? {};
  return {
    name: String(job.name),
    description: job.description ?? "",
    schedule: job.schedule ?? "",
    timeZone: job.timeZone || "Etc/UTC",
    uri: http.uri ?? "",
    httpMethod: methodName(http.httpMethod),
    headers,
    body: bodyText(http.body),
    ...(http.oauthToken
      ? { oauthToken: { serviceAccountEmail: http.oauthToken.serviceAccountEmail ?? "", scope: http.oauthToken.scope || CLOUD_PLATFORM } }
      : {}),
    ...(http.oidcToken
      ? {
          oidcToken: {
            serviceAccountEmail: http.oidcToken.serviceAccountEmail ?? "",
            audience: http.oidcToken.audience || (http.uri ?? ""),
          },
        }
      : {}),
    retry: {
      count: Number(retry.retryCount ?? 0),
      minBackoffMs: durationMs(retry.minBackoffDuration, 5_000),
      maxBackoffMs: durationMs(retry.maxBackoffDuration, 3_600_000),
      maxDoublings: Number(retry.maxDoublings ?? 5),
      maxRetryDurationMs: durationMs(retry.maxRetryDuration, 0),
    },
    attemptDeadlineMs: durationMs(job.attemptDeadline, 180_000),
  };
}

/** The request body for CreateJob, or for UpdateJob together with a mask. */
export function jobOf(spec: ScheduleSpec): SchedulerJob {
  return {
    name: spec.name,
    description: spec.description,
    schedule: spec.schedule,
    timeZone: spec.timeZone,
    httpTarget: {
      uri: spec.uri,
      httpMethod: spec.httpMethod as "POST",
      headers: spec.headers,
      ...(spec.body ? { body: Buffer.from(spec.body, "utf8") } : {}),
      ...(spec.oauthToken ? { oauthToken: spec.oauthToken } : {}),
      ...(spec.oidcToken ? { oidcToken: spec.oidcToken } : {}),
    },
    retryConfig: {
      retryCount: spec.retry.count,
      minBackoffDuration: toDuration(spec.retry.minBackoffMs),
      maxBackoffDuration: toDuration(spec.retry.maxBackoffMs),
      maxDoublings: spec.retry.maxDoublings,
      maxRetryDuration: toDuration(spec.retry.maxRetryDurationMs),
    },
    attemptDeadline: toDuration(spec.attemptDeadlineMs),
  };
}
