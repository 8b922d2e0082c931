// Keeping the environment's Cloud Run jobs (batch jobs and the migration job) on the release
// image and their declared definition. A job is written only when it differs, so a re-run of a
// release makes no writes, and a run interrupted halfway is finished by the next one.
import { rpcMessage } from "../../gcp/errors.js";
import { UserError } from "../../shared/errors.js";
import { type RunDeps, createJob, updateJob, getJob } from "../../gcp/cloudrun.js";
import type { BatchJob } from "../config/types.js";
import { batchDifferences, type BatchSpec, declaredBatchSpec, LABEL_ENV, liveBatchSpec, type RunJob, runJobOf } from "./batch-spec.js";
import { DEFAULT_CONCURRENCY, mapBounded } from "./bounded.js";
import { type BatchScope, locationOf } from "./scope.js";

export interface BatchJobResult {
  /** The Cloud Run job id. */
  job: string;
  action: "create" | "update" | "unchanged";
  /** For an update: the spec fields that differed (image, env, taskCount...). */
  changed: string[];
  image: string;
  /** The job existed without Runway's label and is now managed. */
  adopted?: boolean;
}

export interface BatchDeps extends RunDeps {
  concurrency?: number;
}

const short = (name: string) => name.split("/").pop() as string;

async function writeJob(deps: RunDeps, spec: BatchSpec, live: RunJob | undefined): Promise<void> {
  if (!live) return createJob(deps, spec.name, runJobOf(spec));
  // No etag: a job's etag also moves when an execution starts or ends (docs/emulator-fidelity.md),
  // which would fail a sync whenever a batch run is in progress. The template is Runway's anyway.
  const job = { ...runJobOf(spec, live.labels ?? {}), name: spec.name, annotations: live.annotations ?? {} };
  await updateJob(deps, job);
}

/** Brings one job to its spec; with dryRun, only says what it would do. */
export async function syncJob(deps: RunDeps, spec: BatchSpec, dryRun = false): Promise<BatchJobResult> {
  const live = await getJob(deps, spec.name);
  const changed = live ? batchDifferences(liveBatchSpec(live), spec) : [];
  const result: BatchJobResult = {
    job: short(spec.name),
    action: !live ? "create" : changed.length ? "update" : "unchanged",
    changed,
    image: spec.image,
  };
  if (live && !live.labels?.[LABEL_ENV]) result.adopted = true;
  if (result.action !== "unchanged" && !dryRun) {
    await writeJob(deps, spec, live);
    deps.logger.info(
      `  ${result.action} job ${result.job}${changed.length ? ` (${changed.join(", ")})` : ""}${result.adopted ? ", now managed by Runway" : ""}`,
    );
  }
  return result;
}

export class BatchSyncFailure extends UserError {
  constructor(
    readonly results: BatchJobResult[],
    readonly failures: { job: string; error: string }[],
  ) {
    super(`batch jobs not synced: ${failures.map((f) => `${f.job}: ${f.error}`).join("; ")}; re-run to converge`);
    this.name = "BatchSyncFailure";
  }
}

/** Syncs specs concurrently (bounded); every job is tried, failures are reported together. */
export async function syncJobs(deps: BatchDeps, specs: BatchSpec[], dryRun = false): Promise<BatchJobResult[]> {
  const failures: { job: string; error: string }[] = [];
  const outcomes = await mapBounded(specs, deps.concurrency ?? DEFAULT_CONCURRENCY, (spec) =>
    syncJob(deps, spec, dryRun).catch((error: unknown) => {
      failures.push({ job: short(spec.name), error: rpcMessage(error) });
      return undefined;
    }),
  );
  const results = outcomes.filter((r): r is BatchJobResult => r !== undefined);
  if (failures.length) throw new BatchSyncFailure(results, failures);
  return results;
}

/** Creates or updates every declared batch job to run `image` (the release's digest). */
export function syncBatchJobs(
  scope: BatchScope,
  image: string,
  deps: BatchDeps,
  options: { dryRun?: boolean } = {},
): Promise<BatchJobResult[]> {
  return syncJobs(
    deps,
    scope.batch.map((job) => declaredBatchSpec(scope, job, image)),
    options.dryRun === true,
  );
}

/** One attempt, no task retries: a half-applied migration must be looked at, not re-run blindly. */
const MIGRATION_TIMEOUT_MS = 3_600_000;

/** The migration job as a batch job: the migration command, the service's resources, one task. */
export function migrationBatchJob(scope: BatchScope): BatchJob | undefined {
  if (!scope.migrations) return undefined;
  return {
    name: scope.migrations.job,
    command: scope.migrations.command,
    env: {},
    // Cloud Run's own defaults when the YAML leaves the service's resources to the live service.
    resources: { cpu: scope.service.resources?.cpu ?? "1", memory: scope.service.resources?.memory ?? "512Mi" },
    taskCount: 1,
    parallelism: 1,
    timeoutMs: MIGRATION_TIMEOUT_MS,
    maxRetries: 0,
  };
}

/**
 * Creates or updates the migration job (env.migrations.job) to run `image`, ready for RunJob.
 * Returns its full resource name, or undefined when the environment has no migrations.
 */
export async function syncMigrationJob(scope: BatchScope, image: string, deps: RunDeps): Promise<string | undefined> {
  const job = migrationBatchJob(scope);
  if (!job) return undefined;
  const spec = declaredBatchSpec(scope, job, image);
  await syncJob(deps, spec);
  return `${locationOf(scope)}/jobs/${job.name}`;
}
