// The Cloud Scheduler front: every Cloud Scheduler call Runway makes goes through here, each
// retried on transient errors. What a call's failure means for a sync (an earlier attempt's work,
// someone else's job) is the domain's to say, in src/core/batch/scheduler-api.ts.
import type { protos } from "@google-cloud/scheduler";
import type { RunDeps } from "./cloudrun.js";
import { rpcCode } from "./errors.js";
import { withRetry } from "./retry.js";

export type SchedulerJob = protos.google.cloud.scheduler.v1.IJob;

const short = (name: string) => name.split("/").pop() as string;

/** Every job in the location; the client follows page tokens (the server's page holds up to 500). */
export async function listSchedulerJobs(deps: RunDeps, parent: string): Promise<SchedulerJob[]> {
  const [jobs] = await withRetry(`ListJobs ${parent}`, (o) => deps.clients.scheduler.listJobs({ parent }, o), deps);
  return jobs;
}

/** One job by its full name; undefined when there is none. */
export async function getSchedulerJob(deps: RunDeps, name: string): Promise<SchedulerJob | undefined> {
  try {
    const [job] = await withRetry(`GetJob ${short(name)}`, (o) => deps.clients.scheduler.getJob({ name }, o), deps);
    return job;
  } catch (error) {
    if (rpcCode(error) === "NOT_FOUND") return undefined;
    throw error;
  }
}

export async function updateSchedulerJob(deps: RunDeps, job: SchedulerJob & { name: string }, mask: string[]): Promise<void> {
  await withRetry(`UpdateJob ${short(job.name)}`, (o) => deps.clients.scheduler.updateJob({ job, updateMask: { paths: mask } }, o), deps);
}

export async function createSchedulerJob(deps: RunDeps, parent: string, job: SchedulerJob & { name: string }): Promise<void> {
  await withRetry(`CreateJob ${short(job.name)}`, (o) => deps.clients.scheduler.createJob({ parent, job }, o), deps);
}

export async function pauseOrResumeSchedulerJob(deps: RunDeps, name: string, paused: boolean): Promise<void> {
  await withRetry(
    `${paused ? "PauseJob" : "ResumeJob"} ${short(name)}`,
    (o) => (paused ? deps.clients.scheduler.pauseJob({ name }, o) : deps.clients.scheduler.resumeJob({ name }, o)),
    deps,
  );
}

export async function deleteSchedulerJob(deps: RunDeps, name: string): Promise<void> {
  await withRetry(`DeleteJob ${short(name)}`, (o) => deps.clients.scheduler.deleteJob({ name }, o), deps);
}
