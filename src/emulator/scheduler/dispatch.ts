// One attempt of a Cloud Scheduler job, as RunJob forces it. The result is the google.rpc.Status
// the job reports in `status`: `{}` for success, otherwise the code the target's answer maps to.
import { canonicalFromRest } from "../codec.js";
import type { Emu } from "../context.js";
import { ApiError, Code, type CodeName } from "../errors.js";
import type { Json } from "../proto.js";
import type { Registry } from "../registry.js";
import { seconds } from "./validate.js";

const RUN_JOB = "google.cloud.run.v2.Jobs/RunJob";
// run.googleapis.com or a regional endpoint such as europe-west1-run.googleapis.com.
const RUN_HOST = /^(?:([a-z0-9-]+)-)?run\.googleapis\.com$/;

const status = (code: CodeName, message: string): Json => ({ code: Code[code], message });

/** google/rpc/code.proto's HTTP mapping, the way a target's answer becomes the attempt status. */
function codeForHttp(http: number): CodeName {
  const exact: Record<number, CodeName> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
  };
  return exact[http] ?? (http >= 500 ? "INTERNAL" : "FAILED_PRECONDITION");
}

/**
 * The Cloud Run job a URI starts, for the two forms people schedule: Admin API v2
 * `/v2/projects/P/locations/L/jobs/J:run` and the v1 Knative form
 * `/apis/run.googleapis.com/v1/namespaces/P/jobs/J:run`, whose region is in the host name.
 */
function runJobName(uri: URL, jobLocation: string): string | undefined {
  const host = RUN_HOST.exec(uri.hostname);
  if (!host) return undefined;
  const path = decodeURIComponent(uri.pathname);
  const v2 = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/:]+):run$/.exec(path);
  if (v2) return v2[1];
  const v1 = /^\/apis\/run\.googleapis\.com\/v1\/namespaces\/([^/]+)\/jobs\/([^/:]+):run$/.exec(path);
  return v1 ? `projects/${v1[1]}/locations/${host[1] ?? jobLocation}/jobs/${v1[2]}` : undefined;
}

/**
 * Calls the emulator's own Jobs.RunJob through the registry, as Scheduler's HTTP call reaches the
 * REST front end: the call is logged (transport "rest") and injected faults apply. A v2 body is
 * the RunJobRequest JSON (overrides, etag); a v1 body has another shape and is not translated.
 */
async function startRunJob(registry: Registry, name: string, body: string | undefined, v2: boolean): Promise<Json> {
  const def = registry.methods.get(RUN_JOB);
  if (!def) return status("UNIMPLEMENTED", "Cloud Run jobs are not served by this emulator.");
  try {
    let fields: unknown = {};
    if (v2 && body) {
      try {
        fields = JSON.parse(Buffer.from(body, "base64").toString("utf8"));
      } catch {
        throw new ApiError("INVALID_ARGUMENT", "Invalid JSON payload received.");
      }
    }
    const request = canonicalFromRest(def.requestType, { ...(fields as Json), name });
    await registry.call(def, request, "rest");
    return {};
  } catch (error) {
    return error instanceof ApiError ? status(error.code, error.message) : status("INTERNAL", (error as Error).message);
  }
}

/** Sends the job's HTTP request with the headers Cloud Scheduler adds; 2xx is success. */
async function fetchTarget(job: Json, target: Json, jobId: string, now: Date): Promise<Json> {
  const method = String(target.httpMethod ?? "POST");
  const body = target.body ? Buffer.from(String(target.body), "base64") : undefined;
  const headers: Record<string, string> = {
    ...(target.headers as Record<string, string> | undefined),
    "User-Agent": "Google-Cloud-Scheduler",
    "X-CloudScheduler": "true",
    "X-CloudScheduler-JobName": jobId,
    "X-CloudScheduler-ScheduleTime": now.toISOString(),
  };
  if (body && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/octet-stream";
  const deadlineMs = seconds(job.attemptDeadline ?? "180s") * 1000;
  try {
    const answer = await fetch(String(target.uri), { method, headers, body, signal: AbortSignal.timeout(deadlineMs) });
    await answer.arrayBuffer();
    return answer.ok ? {} : status(codeForHttp(answer.status), `HTTP ${answer.status} from ${String(target.uri)}`);
  } catch (error) {
    if ((error as Error).name === "TimeoutError")
      return status("DEADLINE_EXCEEDED", `No answer within the attempt deadline ${String(job.attemptDeadline)}.`);
    return status("UNAVAILABLE", `Could not reach ${String(target.uri)}: ${(error as Error).message}`);
  }
}

/**
 * Runs one attempt: a Cloud Run job URI starts that job in the emulator, a URL on the emulator's
 * own HTTP server (service URLs) is fetched, and anything else (other hosts, Pub/Sub, App Engine)
 * is recorded as a successful attempt without touching the network, so tests stay hermetic.
 */
export async function dispatch(emu: Emu, registry: Registry, job: Json, jobId: string): Promise<Json> {
  const target = job.httpTarget as Json | undefined;
  if (!target) return {};
  const uri = new URL(String(target.uri));
  const location = String(job.name).split("/")[3] as string;
  const runJob = runJobName(uri, location);
  if (runJob) return startRunJob(registry, runJob, target.body as string | undefined, uri.pathname.startsWith("/v2/"));
  if (uri.origin === new URL(emu.urls.base).origin) return fetchTarget(job, target, jobId, emu.now());
  return {};
}
