// Batch jobs (Cloud Run Jobs) and schedules (Cloud Scheduler) that move with each release.
// The public surface for the commands, the release flow (deploy, promote, rollback) and tests.
export { type ActionRecord, type ApplyDeps, applySchedulerSync, SchedulerSyncFailure, type SyncReport } from "./apply.js";
export { type BatchDeps, type BatchJobResult, BatchSyncFailure, migrationBatchJob, syncBatchJobs, syncMigrationJob } from "./batch-jobs.js";
export { type HoldDeps, type HoldPlan, type HoldResult, pauseManaged, planPause, planResume, readHoldPlan, resumeManaged } from "./hold.js";
export { jobIdPrefix, managedScheduleName, markedDescription, readMarker, scheduleJobId } from "./marker.js";
export { actionCount, type JobChange, type PlanOptions, planSchedulerSync, type SchedulerPlan } from "./plan.js";
export { previewRestore, restoreFromRevision } from "./rollback.js";
export type { BatchScope } from "./scope.js";
export { type BatchSnapshot, readSnapshot, restoreSnapshot, scopeFromSnapshot, snapshot } from "./snapshot.js";
export {
  describeReleaseSync,
  planFromLive,
  releaseSyncChanged,
  type ReleaseSyncResult,
  type ScheduleSyncResult,
  type SyncDeps,
  type SyncOptions,
  type SyncProgress,
  syncRelease,
  syncSchedules,
} from "./sync.js";
