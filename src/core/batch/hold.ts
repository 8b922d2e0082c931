// Pausing every managed schedule around a migration, and resuming afterwards only the ones
// Runway paused. Which ones those are is kept in Scheduler itself, in each job's description
// marker (`paused-by=runway`), never in memory: a resume run by a fresh process after a crash
// reads the same facts. The order of the two calls per job makes every crash point safe:
//   pause:  mark, then PauseJob   (a crash leaves ENABLED+marked: resume just unmarks it)
//   resume: ResumeJob, then unmark (a crash leaves ENABLED+marked: a re-run just unmarks it)
// The reverse orders could leave a job PAUSED without the mark, which resume would never enable.
import type { RunDeps } from "../../gcp/cloudrun.js";
import { showProgress } from "../progress.js";
import { type ApplyDeps, applySchedulerSync, type SyncReport } from "./apply.js";
import { jobState, managedScheduleName, markedDescription, readMarker, type SchedulerJob } from "./marker.js";
import type { JobChange, ScheduleAction } from "./plan.js";
import { listJobs } from "./scheduler-api.js";
import { liveSpec } from "./schedule-spec.js";
import { type BatchScope, locationOf } from "./scope.js";

export type HoldScope = Pick<BatchScope, "name" | "project" | "region">;

export interface HoldPlan {
  environment: string;
  parent: string;
  changes: JobChange[];
  /** Managed jobs left as they are, with the reason. */
  untouched: { schedule: string; reason: string }[];
}

/** UpdateJob of the description alone, setting or clearing the paused-by-runway mark. */
function mark(env: string, job: SchedulerJob, held: boolean): ScheduleAction {
  const spec = liveSpec(job);
  return {
    kind: "update",
    spec: { ...spec, description: markedDescription(env, readMarker(job.description)?.description, held) },
    mask: ["description"],
  };
}

function managed(scope: HoldScope, live: SchedulerJob[]) {
  return live.flatMap((job) => {
    const schedule = managedScheduleName(job, scope.name);
    return schedule === undefined ? [] : [{ schedule, job, state: jobState(job), held: readMarker(job.description)?.held === true }];
  });
}

/** The change for one job, shown field by field: the mark in the description, then the state. */
function change(schedule: string, job: SchedulerJob, actions: ScheduleAction[]): JobChange {
  const fields = actions.flatMap((action) => {
    if (action.kind === "update") return [{ path: "description", before: job.description ?? "", after: action.spec.description }];
    if (action.kind === "pause" || action.kind === "resume")
      return [{ path: "state", before: jobState(job), after: action.kind === "pause" ? "PAUSED" : "ENABLED" }];
    return [];
  });
  return { schedule, job: String(job.name), actions, fields, nextRuns: [] };
}

export function planPause(scope: HoldScope, live: SchedulerJob[]): HoldPlan {
  const plan: HoldPlan = { environment: scope.name, parent: locationOf(scope), changes: [], untouched: [] };
  for (const { schedule, job, state, held } of managed(scope, live)) {
    if (state === "ENABLED") {
      plan.changes.push(change(schedule, job, held ? [{ kind: "pause" }] : [mark(scope.name, job, true), { kind: "pause" }]));
    } else {
      const reason =
        state !== "PAUSED"
          ? `${state}: not paused by Runway`
          : held
            ? "already paused by Runway"
            : "already paused (by config or by hand): resume will leave it paused";
      plan.untouched.push({ schedule, reason });
    }
  }
  return plan;
}

export function planResume(scope: HoldScope, live: SchedulerJob[]): HoldPlan {
  const plan: HoldPlan = { environment: scope.name, parent: locationOf(scope), changes: [], untouched: [] };
  for (const { schedule, job, state, held } of managed(scope, live)) {
    if (held && state === "PAUSED") plan.changes.push(change(schedule, job, [{ kind: "resume" }, mark(scope.name, job, false)]));
    else if (held) plan.changes.push(change(schedule, job, [mark(scope.name, job, false)]));
    else if (state === "PAUSED") plan.untouched.push({ schedule, reason: "paused by config or by hand, not by Runway: left paused" });
  }
  return plan;
}

/** How the log shows a pause or resume before it is applied (see ../progress.ts). */
export interface HoldDeps extends ApplyDeps {
  progress?: { holdPlan(plan: HoldPlan, verb: "pause" | "resume"): string };
}

export interface HoldResult {
  plan: HoldPlan;
  /** Absent on a dry run. */
  report?: SyncReport;
}

const PLANNERS = { pause: planPause, resume: planResume };

/** Lists the environment's jobs (one call) and plans a pause or a resume; writes nothing. */
export async function readHoldPlan(scope: HoldScope, deps: RunDeps, verb: "pause" | "resume"): Promise<HoldPlan> {
  return PLANNERS[verb](scope, await listJobs(deps, locationOf(scope)));
}

async function hold(scope: HoldScope, deps: HoldDeps, verb: "pause" | "resume", dryRun: boolean): Promise<HoldResult> {
  const plan = await readHoldPlan(scope, deps, verb);
  await showProgress(deps, `scheduler ${verb}`, deps.progress?.holdPlan(plan, verb));
  if (dryRun) return { plan };
  return { plan, report: await applySchedulerSync(plan, deps) };
}

/** Pauses every ENABLED managed schedule of the environment, marking each as paused by Runway. */
export const pauseManaged = (scope: HoldScope, deps: HoldDeps, options: { dryRun?: boolean } = {}) =>
  hold(scope, deps, "pause", options.dryRun === true);

/** Resumes exactly the schedules pauseManaged paused, by their marks; any other paused job stays paused. */
export const resumeManaged = (scope: HoldScope, deps: HoldDeps, options: { dryRun?: boolean } = {}) =>
  hold(scope, deps, "resume", options.dryRun === true);
