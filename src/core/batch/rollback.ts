// Rollback's batch step: the target revision's release record (its runway.dev/release
// annotation) carries the batch snapshot of that release; restoring it needs nothing else.
import { getRevision } from "../../gcp/cloudrun.js";
import { readRecord } from "../ledger.js";
import { restoreSnapshot } from "./snapshot.js";
import { describeReleaseSync, releaseSyncChanged, type SyncDeps } from "./sync.js";

/**
 * Restores the batch jobs and schedules recorded with the release of `revision` (a full
 * revision name). A release recorded before snapshots existed is reported and left alone.
 */
export async function restoreFromRevision(revision: string, deps: SyncDeps, options: { dryRun?: boolean } = {}): Promise<string> {
  return (await restoring(revision, deps, options)).detail;
}

/** What restoreFromRevision would change, read and planned without writing. */
export function previewRestore(revision: string, deps: SyncDeps): Promise<{ detail: string; changed: boolean }> {
  return restoring(revision, deps, { dryRun: true });
}

async function restoring(revision: string, deps: SyncDeps, options: { dryRun?: boolean }): Promise<{ detail: string; changed: boolean }> {
  const found = await getRevision(deps, revision);
  const record = found ? readRecord(found) : undefined;
  if (!record?.snapshot)
    return {
      detail: `no batch snapshot recorded with ${revision.split("/").pop()}: batch jobs and schedules left as they are`,
      changed: false,
    };
  const result = await restoreSnapshot(record.snapshot, deps, options);
  return { detail: describeReleaseSync(result), changed: releaseSyncChanged(result) };
}
