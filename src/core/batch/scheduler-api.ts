// The Cloud Scheduler writes of a sync, over the port (src/gcp/scheduler.ts). Each write is
// idempotent: when a retried call finds its own earlier attempt already applied (ALREADY_EXISTS on
// create, FAILED_PRECONDITION on pause/resume, NOT_FOUND on delete), that counts as done, so a
// re-run after a lost answer or a crash converges instead of failing.
import type { RunDeps } from "../../gcp/cloudrun.js";
import { rpcCode } from "../../gcp/errors.js";
import {
  createSchedulerJob,
  deleteSchedulerJob,
  getSchedulerJob,
  listSchedulerJobs,
  pauseOrResumeSchedulerJob,
  updateSchedulerJob,
} from "../../gcp/scheduler.js";
import { RefusalError } from "../../shared/errors.js";
import { jobState, readMarker } from "./marker.js";
import { diffSpecs, jobOf, liveSpec, type ScheduleSpec } from "./schedule-spec.js";

const short = (name: string) => name.split("/").pop() as string;

export const listJobs = listSchedulerJobs;
export const getJob = getSchedulerJob;

export async function updateJob(deps: RunDeps, spec: ScheduleSpec, mask: string[]): Promise<void> {
  await updateSchedulerJob(deps, { ...jobOf(spec), name: spec.name }, mask);
}

/** Creates the job; if an earlier attempt already did, brings that one up to `spec` instead. */
export async function createJob(deps: RunDeps, parent: string, spec: ScheduleSpec): Promise<void> {
  try {
    await createSchedulerJob(deps, parent, { ...jobOf(spec), name: spec.name });
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
  try {
    await pauseOrResumeSchedulerJob(deps, name, paused);
  } catch (error) {
    if (rpcCode(error) !== "FAILED_PRECONDITION") throw error;
    const current = await getJob(deps, name);
    if (!current || jobState(current) !== (paused ? "PAUSED" : "ENABLED")) throw error;
  }
}

export async function deleteJob(deps: RunDeps, name: string): Promise<void> {
  try {
    await deleteSchedulerJob(deps, name);
  } catch (error) {
    if (rpcCode(error) !== "NOT_FOUND") throw error;
  }
}
