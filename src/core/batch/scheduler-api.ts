// The Cloud Scheduler calls, each retried on transient errors. Each write is idempotent: when a
// retried call finds its own earlier attempt already applied (ALREADY_EXISTS on create,
// FAILED_PRECONDITION on pause/resume, NOT_FOUND on delete), that counts as done, so a re-run
// after a lost answer or a crash converges instead of failing.
import { rpcCode } from "../../gcp/errors.js";
import { withRetry } from "../../gcp/retry.js";
import type { RunDeps } from "../cloudrun.js";
import { RefusalError } from "../../shared/errors.js";
import { jobState, readMarker, type SchedulerJob } from "./marker.js";
import { diffSpecs, jobOf, liveSpec, type ScheduleSpec } from "./schedule-spec.js";

const short = (name: string) => name.split("/").pop() as string;

/** Every job in the location; the client follows page tokens (the server's page holds up to 500). */
export async function listJobs(deps: RunDeps, parent: string): Promise<SchedulerJob[]> {
  const [jobs] = await withRetry(`ListJobs ${parent}`, (o) => deps.clients.scheduler.listJobs({ parent }, o), deps);
  return jobs;
}

export async function getJob(deps: RunDeps, name: string): Promise<SchedulerJob | undefined> {
  try {
    const [job] = await withRetry(`GetJob ${short(name)}`, (o) => deps.clients.scheduler.getJob({ name }, o), deps);
    return job;
  } catch (error) {
    if (rpcCode(error) === "NOT_FOUND") return undefined;
    throw error;
  }
}

export async function updateJob(deps: RunDeps, spec: ScheduleSpec, mask: string[]): Promise<void> {
  await withRetry(
    `UpdateJob ${short(spec.name)}`,
    (o) => deps.clients.scheduler.updateJob({ job: jobOf(spec), updateMask: { paths: mask } }, o),
    deps,
  );
}

/** Creates the job; if an earlier attempt already did, brings that one up to `spec` instead. */
export async function createJob(deps: RunDeps, parent: string, spec: ScheduleSpec): Promise<void> {
  try {
    await withRetry(`CreateJob ${short(spec.name)}`, (o) => deps.clients.scheduler.createJob({ parent, job: jobOf(spec) }, o), deps);
  } catch (error) {
    if (rpcCode(error) !== "ALREADY_EXISTS") throw error;
    const existing = await getJob(deps, spec.name);
    if (!existing) throw error;
    if (readMarker(existing.description)?.env !== readMarker(spec.description)?.env) {
      throw new RefusalError(`${short(spec.name)} was created meanwhile by someone other than Runway; not changing it`);
    }
    const fields = diffSpecs(liveSpec(existing), spec).map((f) => f.path);
    if (fields.length) await updateJob(deps, spec, fields);
  }
}

/** Pauses or resumes; a job already in the wanted state (an earlier attempt's work) is fine. */
export async function setPaused(deps: RunDeps, name: string, paused: boolean): Promise<void> {
  const what = `${paused ? "PauseJob" : "ResumeJob"} ${short(name)}`;
  try {
    await withRetry(
      what,
      (o) => (paused ? deps.clients.scheduler.pauseJob({ name }, o) : deps.clients.scheduler.resumeJob({ name }, o)),
      deps,
    );
  } catch (error) {
    if (rpcCode(error) !== "FAILED_PRECONDITION") throw error;
    const current = await getJob(deps, name);
    if (!current || jobState(current) !== (paused ? "PAUSED" : "ENABLED")) throw error;
  }
}

export async function deleteJob(deps: RunDeps, name: string): Promise<void> {
  try {
    await withRetry(`DeleteJob ${short(name)}`, (o) => deps.clients.scheduler.deleteJob({ name }, o), deps);
  } catch (error) {
    if (rpcCode(error) !== "NOT_FOUND") throw error;
  }
}
