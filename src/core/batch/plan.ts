// Planning a scheduler sync is pure: from the declared schedules and the jobs as listed, it
// decides every call (create, update with a mask, pause, resume, delete) before any is made.
import type { Schedule } from "../config/types.js";
import { RefusalError } from "../../shared/errors.js";
import { jobState, managedScheduleName, readMarker, type SchedulerJob, scheduleJobId } from "./marker.js";
import { nextRuns } from "./next-runs.js";
import { declaredSpec } from "./schedule-declared.js";
import { diffSpecs, type FieldChange, liveSpec, type ScheduleSpec } from "./schedule-spec.js";
import { type BatchScope, locationOf } from "./scope.js";

export type ScheduleAction =
  | { kind: "create"; spec: ScheduleSpec }
  | { kind: "update"; spec: ScheduleSpec; mask: string[] }
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "delete" };

/** Everything that happens to one Scheduler job, in order. */
export interface JobChange {
  /** The schedule's name in the config (the job id without the runway-<env>- prefix). */
  schedule: string;
  /** The full job resource name. */
  job: string;
  actions: ScheduleAction[];
  /** Field by field, by update_mask path; `state` shows a pause or resume. */
  fields: FieldChange[];
  /** For a new or changed schedule: its next runs, local time in its zone. */
  nextRuns: string[];
  timeZone?: string;
  note?: string;
}

export interface SchedulerPlan {
  environment: string;
  /** projects/P/locations/L */
  parent: string;
  prune: boolean;
  changes: JobChange[];
  /** Declared schedules that already match. */
  unchanged: string[];
  /** Managed jobs no longer declared, kept because prune is off. */
  undeclared: string[];
  /** Every other job in the location, by id: never touched. */
  unmanaged: string[];
  warnings: string[];
}

export interface PlanOptions {
  now: Date;
  prune?: boolean;
  /** The service's URL; required when a schedule has an http target. */
  serviceUrl?: string;
  /** Cloud Run jobs that schedules start but that do not exist (read by planFromLive). */
  missingJobs?: string[];
  /** Cloud Run jobs the release being applied creates: a schedule may start one before it exists (a warning, not an error). */
  releaseJobs?: string[];
}

/** How many API calls applying a plan makes. */
export const actionCount = (plan: { changes: JobChange[] }) => plan.changes.reduce((n, c) => n + c.actions.length, 0);

const PAUSED_NOTE = "paused: it runs at these times only once resumed";

function createChange(schedule: Schedule, spec: ScheduleSpec, now: Date): JobChange {
  const fields = diffSpecs(undefined, spec);
  const actions: ScheduleAction[] = [{ kind: "create", spec }];
  if (schedule.paused) {
    // Scheduler has no "create paused": the job is ENABLED for the moment before PauseJob.
    actions.push({ kind: "pause" });
    fields.push({ path: "state", after: "PAUSED" });
  }
  const runs = nextRuns(spec.schedule, spec.timeZone, now);
  return {
    schedule: schedule.name,
    job: spec.name,
    actions,
    fields,
    nextRuns: runs,
    timeZone: spec.timeZone,
    ...(schedule.paused ? { note: PAUSED_NOTE } : {}),
  };
}

/** How a managed job must change to match its declaration, or undefined when it already does. */
function updateChange(schedule: Schedule, live: SchedulerJob, scope: BatchScope, options: PlanOptions): JobChange | undefined {
  const state = jobState(live);
  // A job Runway paused for a migration stays paused (and marked) until resumeManaged, unless
  // the config now pauses it anyway: then the config owns the pause and the mark goes.
  const held = readMarker(live.description)?.held === true && state === "PAUSED" && !schedule.paused;
  const spec = declaredSpec(schedule, { scope, serviceUrl: options.serviceUrl, held });
  const fields = diffSpecs(liveSpec(live), spec);
  const actions: ScheduleAction[] = fields.length ? [{ kind: "update", spec, mask: fields.map((f) => f.path) }] : [];
  const wantPaused = schedule.paused || held;
  if (wantPaused && state === "ENABLED") actions.push({ kind: "pause" });
  if (!wantPaused && state === "PAUSED") actions.push({ kind: "resume" });
  if (actions.length === 0) return undefined;
  const stateChange: FieldChange[] = actions.some((a) => a.kind === "pause" || a.kind === "resume")
    ? [{ path: "state", before: state, after: wantPaused ? "PAUSED" : "ENABLED" }]
    : [];
  return {
    schedule: schedule.name,
    job: spec.name,
    actions,
    fields: [...fields, ...stateChange],
    nextRuns: fields.length ? nextRuns(spec.schedule, spec.timeZone, options.now) : [],
    timeZone: spec.timeZone,
    ...(held
      ? { note: "kept paused: Runway paused it around a migration; `resume` enables it" }
      : wantPaused && fields.length
        ? { note: PAUSED_NOTE }
        : {}),
  };
}

function requireServiceUrl(scope: BatchScope, options: PlanOptions): void {
  const http = scope.schedules.find((s) => "http" in s.target);
  if (http && !options.serviceUrl) {
    throw new RefusalError(
      `schedule ${http.name} calls a path on the service ${scope.service.name}, which has no URL yet: deploy the service before syncing its schedules`,
    );
  }
}

/** Declared jobs whose id is taken by a job Runway does not manage: refused, never adopted. */
function refuseCollisions(scope: BatchScope, byName: Map<string, SchedulerJob>): void {
  const taken = scope.schedules
    .map((s) => `${locationOf(scope)}/jobs/${scheduleJobId(scope.name, s.name)}`)
    .filter((name) => {
      const job = byName.get(name);
      return job !== undefined && managedScheduleName(job, scope.name) === undefined;
    });
  if (taken.length) {
    throw new RefusalError(
      `these Scheduler jobs exist but are not managed by Runway (no [runway env=${scope.name}] marker), so Runway will not change them: ${taken.join(", ")}. Rename the schedules or delete those jobs.`,
    );
  }
}

function warnings(schedule: Schedule, scope: BatchScope, live: SchedulerJob | undefined): string[] {
  const found: string[] = [];
  if (!schedule.serviceAccount && !scope.service.serviceAccount) {
    const callee = "batch" in schedule.target ? "the Run API" : "the service";
    found.push(`schedule ${schedule.name} has no service-account (nor has the service): Scheduler will call ${callee} without a token`);
  }
  const state = live && jobState(live);
  if (state === "DISABLED" || state === "UPDATE_FAILED")
    found.push(`schedule ${schedule.name} is ${state}; Runway does not pause or resume it`);
  return found;
}

/**
 * A schedule that starts a Cloud Run job that does not exist would fail at every run: refused,
 * unless the release being applied creates that job (then a warning, for a dry run).
 */
function checkTargets(plan: SchedulerPlan, scope: BatchScope, options: PlanOptions): void {
  const missing = new Set(options.missingJobs ?? []);
  const release = new Set(options.releaseJobs ?? []);
  const refused: string[] = [];
  for (const schedule of scope.schedules) {
    if (!("batch" in schedule.target) || !missing.has(schedule.target.batch)) continue;
    const job = schedule.target.batch;
    if (release.has(job))
      plan.warnings.push(`schedule ${schedule.name} starts the Cloud Run job ${job}, which does not exist yet: this release creates it`);
    else refused.push(`schedule ${schedule.name} starts the Cloud Run job ${job}`);
  }
  if (refused.length) {
    throw new RefusalError(
      `${refused.join("; ")}, which does not exist in ${locationOf(scope)}: deploy or promote a release to ${scope.name} first (it creates the environment's batch jobs), then sync the schedules`,
    );
  }
}

/** Each declared schedule: a change, or counted as unchanged. */
function planDeclared(plan: SchedulerPlan, scope: BatchScope, byName: Map<string, SchedulerJob>, options: PlanOptions): void {
  for (const schedule of scope.schedules) {
    const current = byName.get(`${plan.parent}/jobs/${scheduleJobId(scope.name, schedule.name)}`);
    const change = current
      ? updateChange(schedule, current, scope, options)
      : createChange(schedule, declaredSpec(schedule, { scope, serviceUrl: options.serviceUrl }), options.now);
    if (change) plan.changes.push(change);
    else plan.unchanged.push(schedule.name);
    plan.warnings.push(...warnings(schedule, scope, current));
  }
}

/** Each live job that is not declared: deleted (prune), kept and listed, or not ours at all. */
function planLeftovers(plan: SchedulerPlan, scope: BatchScope, live: SchedulerJob[]): void {
  const declared = new Set(scope.schedules.map((s) => s.name));
  for (const job of live) {
    const name = managedScheduleName(job, scope.name);
    if (name === undefined) {
      // Another environment's managed job is Runway's too: not counted as unmanaged.
      const marker = readMarker(job.description);
      if (!marker || managedScheduleName(job, marker.env) === undefined) plan.unmanaged.push(String(job.name).split("/").pop() as string);
    } else if (declared.has(name)) continue;
    else if (plan.prune)
      plan.changes.push({ schedule: name, job: String(job.name), actions: [{ kind: "delete" }], fields: [], nextRuns: [] });
    else plan.undeclared.push(name);
  }
}

export function planSchedulerSync(scope: BatchScope, live: SchedulerJob[], options: PlanOptions): SchedulerPlan {
  requireServiceUrl(scope, options);
  const byName = new Map(live.map((job) => [String(job.name), job]));
  refuseCollisions(scope, byName);
  const plan: SchedulerPlan = {
    environment: scope.name,
    parent: locationOf(scope),
    prune: options.prune === true,
    changes: [],
    unchanged: [],
    undeclared: [],
    unmanaged: [],
    warnings: [],
  };
  checkTargets(plan, scope, options);
  planDeclared(plan, scope, byName, options);
  planLeftovers(plan, scope, live);
  plan.changes.sort((a, b) => a.schedule.localeCompare(b.schedule));
  return plan;
}
