// What a release's batch jobs and schedules were, recorded with the release on the ledger
// (ReleaseRecord.snapshot, a revision annotation) so that rollback can restore them from Cloud
// Run alone: no YAML, no checkout. It holds the declared definitions (not API resources), with
// every value equal to its config default left out, because annotations are size-limited.
import type { BatchJob, Schedule, SecretRef, Vpc } from "../config/types.js";
import { ConfigurationError } from "../../shared/errors.js";
import type { BatchScope } from "./scope.js";
import { type ReleaseSyncResult, type SyncDeps, syncRelease } from "./sync.js";

/** A type alias (not an interface) so that it is assignable to ReleaseRecord.snapshot. */
export type BatchSnapshot = {
  v: 1;
  env: string;
  project: string;
  region: string;
  /** The release image every batch job runs. */
  image: string;
  /** What batch jobs inherit from the service: env, secrets, service account. */
  service: {
    name: string;
    serviceAccount?: string;
    env: Record<string, string>;
    secrets: Record<string, SecretRef>;
    cloudSql?: string[];
    vpc?: Vpc;
  };
  batch: Record<string, unknown>[];
  schedules: Record<string, unknown>[];
};

// The config's defaults (schema-batch.ts): what a compact entry leaves out.
const BATCH_DEFAULTS = {
  env: {},
  resources: { cpu: "1", memory: "512Mi" },
  taskCount: 1,
  parallelism: 0,
  timeoutMs: 600_000,
  maxRetries: 3,
};
const SCHEDULE_DEFAULTS = {
  timeZone: "Etc/UTC",
  retry: { count: 0, minBackoffMs: 5_000, maxBackoffMs: 3_600_000, maxDoublings: 5, maxRetryDurationMs: 0 },
  attemptDeadlineMs: 180_000,
  paused: false,
};

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** `value` without what equals `defaults`, recursively; undefined when nothing differs. */
function minus(value: unknown, defaults: unknown): unknown {
  if (isObject(value) && isObject(defaults)) {
    const kept = Object.entries(value).flatMap(([key, v]) => {
      const rest = minus(v, defaults[key]);
      return rest === undefined ? [] : [[key, rest] as const];
    });
    return kept.length ? Object.fromEntries(kept) : undefined;
  }
  return JSON.stringify(value) === JSON.stringify(defaults) ? undefined : value;
}

/** The inverse of minus: `value` with `defaults` filled in where it is silent. */
function plus(value: unknown, defaults: unknown): unknown {
  if (value === undefined) return structuredClone(defaults);
  if (!isObject(value) || !isObject(defaults)) return value;
  const merged: Record<string, unknown> = { ...structuredClone(defaults) };
  for (const [key, v] of Object.entries(value)) merged[key] = plus(v, defaults[key]);
  return merged;
}

const compact = (value: object, defaults: object) => (minus(value, defaults) ?? {}) as Record<string, unknown>;

/** The batch jobs and schedules of a release, small and JSON-serialisable. */
export function snapshot(scope: BatchScope, image: string): BatchSnapshot {
  const { name, serviceAccount, env, secrets, cloudSql, vpc } = scope.service;
  return {
    v: 1,
    env: scope.name,
    project: scope.project,
    region: scope.region,
    image,
    service: {
      name,
      ...(serviceAccount ? { serviceAccount } : {}),
      env: env ?? {},
      secrets: secrets ?? {},
      ...(cloudSql ? { cloudSql } : {}),
      ...(vpc ? { vpc } : {}),
    },
    batch: scope.batch.map((job) => compact(job, BATCH_DEFAULTS)),
    schedules: scope.schedules.map((schedule) => compact(schedule, SCHEDULE_DEFAULTS)),
  };
}

/** Reads a snapshot as stored (parsed JSON of unknown age); refuses anything else by name. */
export function readSnapshot(value: unknown): BatchSnapshot {
  const s = value as Partial<BatchSnapshot> | undefined;
  const fail = (field: string) =>
    new ConfigurationError(`snapshot.${field}: missing or malformed; this release's batch snapshot cannot be restored`, {
      field: `snapshot.${field}`,
    });
  if (!isObject(s) || s.v !== 1) throw fail("v");
  for (const field of ["env", "project", "region", "image"] as const) if (typeof s[field] !== "string" || !s[field]) throw fail(field);
  if (!isObject(s.service) || typeof s.service.name !== "string") throw fail("service");
  if (!Array.isArray(s.batch) || !s.batch.every(isObject)) throw fail("batch");
  if (!Array.isArray(s.schedules) || !s.schedules.every(isObject)) throw fail("schedules");
  return s as BatchSnapshot;
}

/** The environment as far as batch and schedules go, rebuilt from a snapshot alone. */
export function scopeFromSnapshot(snap: BatchSnapshot): BatchScope {
  return {
    name: snap.env,
    project: snap.project,
    region: snap.region,
    // Resources only matter to the migration job, which a snapshot does not restore.
    service: {
      ...snap.service,
      env: snap.service.env ?? {},
      secrets: snap.service.secrets ?? {},
      resources: { cpu: "1", memory: "512Mi" },
    },
    batch: snap.batch.map((job) => plus(job, BATCH_DEFAULTS) as BatchJob),
    schedules: snap.schedules.map((schedule) => plus(schedule, SCHEDULE_DEFAULTS) as Schedule),
  };
}

/**
 * Makes the batch jobs and schedules match a snapshot (rollback): each batch job back on the
 * snapshot's image and definition, the schedules as they were, and managed schedules the
 * snapshot does not have deleted (prune defaults to true: the snapshot is the whole truth).
 */
export function restoreSnapshot(
  value: unknown,
  deps: SyncDeps,
  options: { dryRun?: boolean; prune?: boolean } = {},
): Promise<ReleaseSyncResult> {
  const snap = readSnapshot(value);
  return syncRelease(scopeFromSnapshot(snap), snap.image, deps, { dryRun: options.dryRun, prune: options.prune ?? true });
}
