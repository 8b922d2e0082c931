import type { protos } from "@google-cloud/scheduler";
import type { HoldDeps, SyncDeps } from "../../src/core/batch/index.js";
import type { BatchScope } from "../../src/core/batch/scope.js";
import type { BatchJob, Schedule } from "../../src/core/config/types.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { beforeEach } from "vitest";
import type { GcpClients } from "../../src/gcp/clients.js";
import { progressText } from "../../src/present/terminal/index.js";
import { fastClock } from "../helpers/deploy.js";
import { type EmulatorFixture, PARENT } from "../helpers/emulator.js";

export type Job = protos.google.cloud.scheduler.v1.IJob;

export const UPDATE_JOB = "google.cloud.scheduler.v1.CloudScheduler/UpdateJob";
export const SA = "batch@demo-project.iam.gserviceaccount.com";
export const jobName = (id: string) => `${PARENT}/jobs/${id}`;
export const managedName = (schedule: string, env = "qa") => jobName(`runway-${env}-${schedule}`);

export function schedule(name: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    name,
    cron: "0 3 * * *",
    timeZone: "Asia/Seoul",
    target: { batch: "report" },
    retry: { count: 0, minBackoffMs: 5_000, maxBackoffMs: 3_600_000, maxDoublings: 5, maxRetryDurationMs: 0 },
    attemptDeadlineMs: 180_000,
    paused: false,
    ...extra,
  };
}

export function batchJob(name: string, extra: Partial<BatchJob> = {}): BatchJob {
  return {
    name,
    env: {},
    resources: { cpu: "1", memory: "512Mi" },
    taskCount: 1,
    parallelism: 0,
    timeoutMs: 600_000,
    maxRetries: 3,
    ...extra,
  };
}

/** The qa environment as far as batch jobs and schedules go (project and region of PARENT). */
export function scope(extra: Partial<BatchScope> = {}): BatchScope {
  return {
    name: "qa",
    project: "demo-project",
    region: "asia-northeast3",
    service: {
      name: "web-qa",
      serviceAccount: SA,
      env: { DJANGO_SETTINGS_MODULE: "config.settings", DEBUG: "false" },
      secrets: { DJANGO_SECRET_KEY: { secret: "django-secret-key-qa", version: "latest" } },
      resources: { cpu: "1", memory: "512Mi" },
    },
    batch: [batchJob("report", { command: ["python", "manage.py", "report"] })],
    schedules: [schedule("nightly")],
    ...extra,
  };
}

/** The plans are printed as the entries print them, so that a test reads the same log. */
export function deps(clients: GcpClients, extra: Partial<SyncDeps & HoldDeps> = {}): SyncDeps & HoldDeps & { logger: MemoryLogger } {
  return { clients, clock: fastClock(), logger: new MemoryLogger(), progress: progressText, ...extra } as SyncDeps &
    HoldDeps & { logger: MemoryLogger };
}

/** Every Scheduler job in the location, by id, read through the official client. */
export async function liveJobs(clients: GcpClients): Promise<Map<string, Job>> {
  const [jobs] = await clients.scheduler.listJobs({ parent: PARENT });
  return new Map(jobs.map((job) => [String(job.name).split("/").pop() as string, job]));
}

/** Mutating calls since `since`, as "Method job-id" strings ("CreateJob" alone: its resource is the parent). */
export async function writes(fx: EmulatorFixture, since = 0): Promise<string[]> {
  return (await fx.calls())
    .slice(since)
    .filter((c) => c.mutating)
    .map((c) => (c.method.endsWith("/CreateJob") ? "CreateJob" : `${c.method.split("/")[1]} ${String(c.resource).split("/").pop()}`));
}

/**
 * The update_mask of every UpdateJob the emulator receives. The call log does not keep request
 * bodies, so the test wraps the emulator's handler (in this process) to see the request itself.
 */
export function captureMasks(fx: EmulatorFixture): string[] {
  const masks: string[] = [];
  const method = fx.emu.registry.methods.get(UPDATE_JOB);
  if (!method) throw new Error("the emulator does not serve UpdateJob");
  const handler = method.handler;
  method.handler = (request, ctx) => {
    masks.push(String(request.updateMask ?? ""));
    return handler(request, ctx);
  };
  return masks;
}

export const stateOf = (job: Job | undefined) => String(job?.state);
export const bodyOf = (job: Job | undefined) => Buffer.from((job?.httpTarget?.body ?? new Uint8Array()) as Uint8Array).toString("utf8");

/** Creates Cloud Run jobs (the targets of batch schedules) through the official client. */
export async function createRunJobs(clients: GcpClients, names: string[]): Promise<void> {
  for (const name of names) {
    const [op] = await clients.jobs.createJob({
      parent: PARENT,
      jobId: name,
      job: { template: { template: { containers: [{ image: "img:1" }] } } },
    });
    await op.promise();
  }
}

/**
 * The Cloud Run jobs the test schedules start exist before each test (after the emulator's reset):
 * a sync refuses a schedule whose job does not exist.
 */
export function useRunJobs(fx: EmulatorFixture, names = ["report"]): void {
  beforeEach(async () => {
    await createRunJobs(fx.clients.grpc, names);
  });
}
