// Applying a scheduler plan: jobs are independent, so their changes run concurrently with a
// bound; one job's actions run in order (create before pause, update before resume). A failed
// job stops only its own remaining actions; the report then says what was applied before and
// around the failure, and a re-run plans from what is live, so it converges.
import { rpcMessage } from "../../gcp/errors.js";
import { UserError } from "../../shared/errors.js";
import type { RunDeps } from "../../gcp/cloudrun.js";
import { DEFAULT_CONCURRENCY, mapBounded } from "./bounded.js";
import type { JobChange, ScheduleAction } from "./plan.js";
import { createJob, deleteJob, setPaused, updateJob } from "./scheduler-api.js";

export interface ApplyDeps extends RunDeps {
  /** Calls in flight at once; default 8. */
  concurrency?: number;
}

export interface ActionRecord {
  schedule: string;
  job: string;
  /** "create", "update schedule,time_zone", "pause", "resume" or "delete". */
  action: string;
}

export interface SyncReport {
  applied: ActionRecord[];
  failed: (ActionRecord & { error: string })[];
  /** Actions not tried because an earlier action on the same job failed. */
  notAttempted: ActionRecord[];
}

export class SchedulerSyncFailure extends UserError {
  constructor(readonly report: SyncReport) {
    const failed = report.failed.map((f) => `${f.action} ${f.schedule}: ${f.error}`).join("; ");
    super(
      `${report.failed.length} scheduler change(s) failed (${failed}); ${report.applied.length} applied before or alongside them; re-run to converge`,
    );
    this.name = "SchedulerSyncFailure";
  }
}

export const describeAction = (action: ScheduleAction) => (action.kind === "update" ? `update ${action.mask.join(",")}` : action.kind);

/** The parent of a job resource name: projects/P/locations/L. */
const parentOf = (job: string) => job.split("/").slice(0, 4).join("/");

async function run(deps: RunDeps, change: JobChange, action: ScheduleAction): Promise<void> {
  switch (action.kind) {
    case "create":
      return createJob(deps, parentOf(change.job), action.spec);
    case "update":
      return updateJob(deps, action.spec, action.mask);
    case "pause":
    case "resume":
      return setPaused(deps, change.job, action.kind === "pause");
    case "delete":
      return deleteJob(deps, change.job);
  }
}

async function applyChange(deps: RunDeps, change: JobChange, report: SyncReport): Promise<void> {
  for (const [i, action] of change.actions.entries()) {
    const record = { schedule: change.schedule, job: change.job, action: describeAction(action) };
    try {
      await run(deps, change, action);
      report.applied.push(record);
      deps.logger.info(`  ${record.action} ${change.schedule}: done`);
    } catch (error) {
      report.failed.push({ ...record, error: rpcMessage(error) });
      deps.logger.error(`  ${record.action} ${change.schedule}: ${rpcMessage(error)}`);
      report.notAttempted.push(
        ...change.actions.slice(i + 1).map((a) => ({ schedule: change.schedule, job: change.job, action: describeAction(a) })),
      );
      return;
    }
  }
}

/** Applies every change; throws SchedulerSyncFailure (carrying the report) if any action failed. */
export async function applySchedulerSync(plan: { changes: JobChange[] }, deps: ApplyDeps): Promise<SyncReport> {
  const report: SyncReport = { applied: [], failed: [], notAttempted: [] };
  await mapBounded(plan.changes, deps.concurrency ?? DEFAULT_CONCURRENCY, (change) => applyChange(deps, change, report));
  if (report.failed.length) throw new SchedulerSyncFailure(report);
  return report;
}
