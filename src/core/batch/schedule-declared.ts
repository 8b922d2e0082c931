// A declared schedule as the Scheduler job Runway wants: its managed name and description
// marker, its target (a batch job through the Run API, or a path on the service) and its token.
import type { BatchOverrides, Schedule } from "../config/types.js";
import { markedDescription, scheduleJobId } from "./marker.js";
import { CLOUD_PLATFORM, type ScheduleSpec } from "./schedule-spec.js";
import { type BatchScope, locationOf, runJobUri } from "./scope.js";

export interface SpecContext {
  scope: BatchScope;
  /** The service's URL, needed by schedules with an http target. */
  serviceUrl?: string;
  /** Keep the paused-by-runway mark (the job is held around a migration). */
  held?: boolean;
}

/** RunJobRequest JSON (proto3 JSON names) carrying a schedule's overrides, or "" for none. */
function runJobBody(overrides: BatchOverrides | undefined): string {
  if (!overrides) return "";
  const env = Object.entries(overrides.env ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const container = { ...(overrides.args ? { args: overrides.args } : {}), ...(env.length ? { env } : {}) };
  const body = {
    ...(Object.keys(container).length ? { containerOverrides: [container] } : {}),
    ...(overrides.taskCount ? { taskCount: overrides.taskCount } : {}),
    ...(overrides.timeoutMs ? { timeout: `${overrides.timeoutMs / 1000}s` } : {}),
  };
  return Object.keys(body).length ? JSON.stringify({ overrides: body }) : "";
}

/** Where a schedule points: Run's jobs/J:run with an OAuth token, or the service with an OIDC token. */
function target(
  schedule: Schedule,
  ctx: SpecContext,
  account: string | undefined,
): Pick<ScheduleSpec, "uri" | "httpMethod" | "headers" | "body" | "oauthToken" | "oidcToken"> {
  if ("batch" in schedule.target) {
    const body = runJobBody(schedule.target.overrides);
    return {
      uri: runJobUri(ctx.scope, schedule.target.batch),
      httpMethod: "POST",
      headers: body ? { "Content-Type": "application/json" } : {},
      body,
      ...(account ? { oauthToken: { serviceAccountEmail: account, scope: CLOUD_PLATFORM } } : {}),
    };
  }
  const http = schedule.target.http;
  const base = (ctx.serviceUrl ?? "").replace(/\/+$/, "");
  return {
    uri: `${base}${http.path}`,
    httpMethod: http.method,
    headers: { ...http.headers },
    body: http.body ?? "",
    // Cloud Run checks the token's audience against the service URL, not the full request URI.
    ...(account ? { oidcToken: { serviceAccountEmail: account, audience: base } } : {}),
  };
}

export function declaredSpec(schedule: Schedule, ctx: SpecContext): ScheduleSpec {
  const account = schedule.serviceAccount ?? ctx.scope.service.serviceAccount;
  return {
    name: `${locationOf(ctx.scope)}/jobs/${scheduleJobId(ctx.scope.name, schedule.name)}`,
    description: markedDescription(ctx.scope.name, schedule.description, ctx.held),
    schedule: schedule.cron,
    timeZone: schedule.timeZone,
    ...target(schedule, ctx, account),
    retry: {
      count: schedule.retry.count,
      minBackoffMs: schedule.retry.minBackoffMs,
      maxBackoffMs: schedule.retry.maxBackoffMs,
      maxDoublings: schedule.retry.maxDoublings,
      maxRetryDurationMs: schedule.retry.maxRetryDurationMs,
    },
    attemptDeadlineMs: schedule.attemptDeadlineMs,
  };
}
