// The flows the commands and the release call: read what is live, plan, print the plan, and
// (unless it is a dry run) apply it.
import { getService, listJobs as listRunJobs, type RunDeps, serviceName } from "../../gcp/cloudrun.js";
import { showProgress } from "../progress.js";
import { type ApplyDeps, applySchedulerSync, type SyncReport } from "./apply.js";
import { type BatchDeps, type BatchJobResult, syncBatchJobs } from "./batch-jobs.js";
import { planSchedulerSync, type SchedulerPlan } from "./plan.js";
import { listJobs } from "./scheduler-api.js";
import { type BatchScope, locationOf } from "./scope.js";

export interface SyncOptions {
  /** Delete managed jobs that are no longer declared. */
  prune?: boolean;
  /** Plan and print only. */
  dryRun?: boolean;
  /** Cloud Run jobs the release being applied creates (see PlanOptions.releaseJobs). */
  releaseJobs?: string[];
}

/** How the log shows what a sync is about to write (see ../progress.ts). */
export interface SyncProgress {
  schedulerPlan(plan: SchedulerPlan): string;
  batchJobs(results: BatchJobResult[]): string;
}

export interface SyncDeps extends BatchDeps {
  progress?: SyncProgress;
}

export interface ScheduleSyncResult {
  plan: SchedulerPlan;
  /** Absent on a dry run. */
  report?: SyncReport;
}

/** The service URL, read only when a schedule calls the service (it costs a GetService). */
async function serviceUrl(scope: BatchScope, deps: RunDeps): Promise<string | undefined> {
  if (!scope.schedules.some((s) => "http" in s.target)) return undefined;
  const service = await getService(deps, serviceName(scope.project, scope.region, scope.service.name));
  return service?.uri ?? undefined;
}

/** The Cloud Run jobs the schedules start that do not exist (one Run ListJobs, only when a schedule starts a job). */
async function missingJobs(scope: BatchScope, deps: RunDeps): Promise<string[]> {
  const wanted = [...new Set(scope.schedules.flatMap((s) => ("batch" in s.target ? [s.target.batch] : [])))];
  if (wanted.length === 0) return [];
  const parent = locationOf(scope);
  const jobs = await listRunJobs(deps, parent);
  const live = new Set(jobs.map((job) => String(job.name).split("/").pop()));
  return wanted.filter((job) => !live.has(job));
}

/** Reads the live jobs (one Scheduler ListJobs, and one Run ListJobs when a schedule starts a job) and plans; writes nothing. */
export async function planFromLive(scope: BatchScope, deps: RunDeps, options: SyncOptions = {}): Promise<SchedulerPlan> {
  const [live, url, missing] = await Promise.all([listJobs(deps, locationOf(scope)), serviceUrl(scope, deps), missingJobs(scope, deps)]);
  return planSchedulerSync(scope, live, {
    now: deps.clock.now(),
    prune: options.prune,
    serviceUrl: url,
    missingJobs: missing,
    releaseJobs: options.releaseJobs,
  });
}

/** Makes the environment's managed Scheduler jobs match its declared schedules. */
export async function syncSchedules(
  scope: BatchScope,
  deps: ApplyDeps & Pick<SyncDeps, "progress">,
  options: SyncOptions = {},
): Promise<ScheduleSyncResult> {
  const plan = await planFromLive(scope, deps, options);
  await showProgress(deps, "scheduler plan", deps.progress?.schedulerPlan(plan));
  if (options.dryRun) return { plan };
  const report = plan.changes.length
    ? await deps.logger.group("scheduler sync", () => applySchedulerSync(plan, deps))
    : { applied: [], failed: [], notAttempted: [] };
  return { plan, report };
}

export interface ReleaseSyncResult {
  batch: BatchJobResult[];
  schedules: ScheduleSyncResult;
}

/**
 * The batch part of a deploy or promotion: every batch job on the release image, then the
 * schedules (which may start those jobs) as declared. Undeclared managed schedules are deleted
 * only with `prune`, as for `runway scheduler sync`.
 */
export async function syncRelease(scope: BatchScope, image: string, deps: SyncDeps, options: SyncOptions = {}): Promise<ReleaseSyncResult> {
  const batch = await syncBatchJobs(scope, image, deps, { dryRun: options.dryRun });
  await showProgress(deps, "batch jobs", deps.progress?.batchJobs(batch));
  const schedules = await syncSchedules(scope, deps, {
    prune: options.prune,
    dryRun: options.dryRun,
    releaseJobs: scope.batch.map((job) => job.name),
  });
  return { batch, schedules };
}

/** Whether syncing a release wrote anything: a job or a schedule. */
export function releaseSyncChanged(result: ReleaseSyncResult): boolean {
  return result.batch.some((r) => r.action !== "unchanged") || result.schedules.plan.changes.length > 0;
}

/** One line for a release timeline (deploy, promote, rollback): what the batch step changed. */
export function describeReleaseSync(result: ReleaseSyncResult): string {
  const jobs = result.batch.filter((r) => r.action !== "unchanged").map((r) => `${r.job} ${r.action}d`);
  const schedules = result.schedules.plan.changes.map((c) => `${c.schedule} ${c.actions.map((a) => a.kind).join("+")}`);
  return [
    jobs.length ? `batch jobs: ${jobs.join(", ")}` : "batch jobs unchanged",
    schedules.length ? `schedules: ${schedules.join(", ")}` : "schedules unchanged",
  ].join("; ");
}
