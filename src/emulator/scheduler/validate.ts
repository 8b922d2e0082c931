// Cloud Scheduler v1 input rules (job.proto comments and observed API errors, see
// docs/emulator-fidelity.md Q10 and "Scheduler decisions").
import { Cron } from "croner";
import { ApiError, invalid } from "../errors.js";
import type { Json, JsonValue } from "../proto.js";

export const JOB_NAME_FORMAT = 'Job name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>".';
const BAD_SCHEDULE = "Schedule or time zone is invalid.";
const JOB_NAME = /^(projects\/[^/]+\/locations\/[^/]+)\/jobs\/([A-Za-z0-9_-]{1,500})$/;

/**
 * Splits a full job name. Anything else gets the API's own format message, prefixed with the
 * request field as every emulator INVALID_ARGUMENT is (`name` or `job.name`).
 */
export function parseJobName(name: JsonValue | undefined, field = "name"): { parent: string; jobId: string } {
  const match = typeof name === "string" ? JOB_NAME.exec(name) : null;
  if (!match) throw invalid(field, JOB_NAME_FORMAT);
  return { parent: match[1] as string, jobId: match[2] as string };
}

/** Duration JSON ("180s", "3.5s") in seconds. */
export const seconds = (duration: JsonValue | undefined) => (typeof duration === "string" ? Number.parseFloat(duration) : 0);

// Plain unix-cron only: croner also knows L, W, #, ?, seconds and @nicknames, which Cloud
// Scheduler rejects, so each field is checked for the classic syntax before croner checks ranges.
function cronField(allowNames: boolean): RegExp {
  const value = allowNames ? "(?:\\d+|[A-Za-z]{3})" : "\\d+";
  const item = `(?:\\*|${value}(?:-${value})?)(?:/\\d+)?`;
  return new RegExp(`^${item}(?:,${item})*$`);
}
const FIELDS = [cronField(false), cronField(false), cronField(false), cronField(true), cronField(true)];

// Time zones must be tz database names; Intl also accepts UTC offsets like "+05:00", the API does not.
const TZ_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

function cronFor(schedule: JsonValue | undefined, timeZone: string): Cron {
  const fields = typeof schedule === "string" ? schedule.trim().split(/\s+/) : [];
  if (fields.length !== 5 || !fields.every((f, i) => FIELDS[i]?.test(f))) throw new ApiError("INVALID_ARGUMENT", BAD_SCHEDULE);
  if (!TZ_NAME.test(timeZone)) throw new ApiError("INVALID_ARGUMENT", BAD_SCHEDULE);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return new Cron(fields.join(" "), { timezone: timeZone, mode: "5-part" });
  } catch {
    throw new ApiError("INVALID_ARGUMENT", BAD_SCHEDULE);
  }
}

/** The next time the schedule fires after `after`, as an RFC 3339 timestamp. */
export function nextScheduleTime(job: Json, after: Date): string | undefined {
  return cronFor(job.schedule, String(job.timeZone)).nextRun(after)?.toISOString();
}

function validateHttpTarget(target: Json): void {
  let url: URL | undefined;
  try {
    url = new URL(String(target.uri ?? ""));
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname) {
    throw invalid("job.http_target.uri", 'must be an absolute URI beginning with "http://" or "https://"');
  }
  if (String(target.uri).length > 2083) throw invalid("job.http_target.uri", "must be at most 2083 characters");
  if (target.oauthToken && target.oidcToken) throw invalid("job.http_target", "oauth_token and oidc_token are mutually exclusive");
  const method = String(target.httpMethod ?? "POST");
  if (target.body && !["POST", "PUT", "PATCH", "HTTP_METHOD_UNSPECIFIED"].includes(method)) {
    throw invalid("job.http_target.body", `a body is allowed only with POST, PUT or PATCH, not ${method}`);
  }
}

function validatePubsubTarget(target: Json): void {
  if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(String(target.topicName ?? "")))
    throw invalid("job.pubsub_target.topic_name", 'must match "projects/*/topics/*"');
  if (!target.data && Object.keys((target.attributes ?? {}) as Json).length === 0) {
    throw invalid("job.pubsub_target", "the message needs non-empty data or at least one attribute");
  }
}

function validateRetryConfig(retry: Json): void {
  const count = Number(retry.retryCount ?? 0);
  if (!Number.isInteger(count) || count < 0 || count > 5)
    throw invalid("job.retry_config.retry_count", `must be between 0 and 5, got ${count}`);
  if (Number(retry.maxDoublings ?? 0) < 0) throw invalid("job.retry_config.max_doublings", "must not be negative");
  for (const field of ["maxRetryDuration", "minBackoffDuration", "maxBackoffDuration"]) {
    if (seconds(retry[field]) < 0)
      throw invalid(`job.retry_config.${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, "must not be negative");
  }
  if (retry.minBackoffDuration && retry.maxBackoffDuration && seconds(retry.minBackoffDuration) > seconds(retry.maxBackoffDuration)) {
    throw invalid("job.retry_config.min_backoff_duration", "must not exceed max_backoff_duration");
  }
}

/** Per target type: HTTP [15 s, 30 min]; App Engine 0 (its default) or [15 s, 24 h 15 s]; Pub/Sub ignores it. */
function validateAttemptDeadline(job: Json): void {
  if (job.attemptDeadline === undefined) return;
  const value = seconds(job.attemptDeadline);
  if (job.httpTarget && (value < 15 || value > 1800))
    throw invalid("job.attempt_deadline", `must be between 15s and 1800s for HTTP targets, got ${String(job.attemptDeadline)}`);
  if (job.appEngineHttpTarget && value !== 0 && (value < 15 || value > 87315))
    throw invalid("job.attempt_deadline", `must be 0 or between 15s and 87315s for App Engine targets, got ${String(job.attemptDeadline)}`);
}

/** Checks a complete job (after defaults are known), as CreateJob and UpdateJob store it. */
export function validateJob(job: Json): void {
  if (String(job.description ?? "").length > 500) throw invalid("job.description", "must be at most 500 characters");
  cronFor(job.schedule, String(job.timeZone ?? "Etc/UTC"));
  const targets = ["httpTarget", "pubsubTarget", "appEngineHttpTarget"].filter((t) => job[t] !== undefined);
  if (targets.length !== 1) throw invalid("job.target", "exactly one of http_target, pubsub_target or app_engine_http_target is required");
  if (job.httpTarget) validateHttpTarget(job.httpTarget as Json);
  if (job.pubsubTarget) validatePubsubTarget(job.pubsubTarget as Json);
  if (job.retryConfig) validateRetryConfig(job.retryConfig as Json);
  validateAttemptDeadline(job);
}

const RETRY_DEFAULTS: Json = { maxRetryDuration: "0s", minBackoffDuration: "5s", maxBackoffDuration: "3600s", maxDoublings: 5 };

/** Fills in what the real API reports for unset fields (seen in `gcloud scheduler jobs describe`). */
export function withDefaults(job: Json): Json {
  const out: Json = {
    ...job,
    timeZone: job.timeZone || "Etc/UTC",
    retryConfig: { ...RETRY_DEFAULTS, ...(job.retryConfig as Json | undefined) },
  };
  if (job.httpTarget) {
    const target = { ...(job.httpTarget as Json) };
    if (!target.httpMethod || target.httpMethod === "HTTP_METHOD_UNSPECIFIED") target.httpMethod = "POST";
    // "User-Agent: This will be set to Google-Cloud-Scheduler" (target.proto); the API echoes it back.
    const headers = Object.entries((target.headers ?? {}) as Json).filter(([k]) => k.toLowerCase() !== "user-agent");
    target.headers = { ...Object.fromEntries(headers), "User-Agent": "Google-Cloud-Scheduler" };
    if (target.oauthToken) target.oauthToken = { scope: "https://www.googleapis.com/auth/cloud-platform", ...(target.oauthToken as Json) };
    out.httpTarget = target;
    out.attemptDeadline ??= "180s";
  }
  return out;
}
