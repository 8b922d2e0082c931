// Runs the release's migrations as a Cloud Run Job before any traffic moves: the job gets the
// candidate image, the environment's schedules are paused around it (and resumed even when it
// fails), and lock_timeout / statement_timeout are set so a migration never queues live traffic
// behind a lock.
import { pauseManaged, resumeManaged, syncMigrationJob } from "./batch/index.js";
import { getJob, type RunDeps, runJob } from "../gcp/cloudrun.js";
import type { BatchScope, HoldDeps } from "./batch/index.js";
import type { Migrations } from "./config/types.js";
import { describeCause } from "./timeline.js";

export interface MigrationRun {
  job: string;
  execution: string;
  ms: number;
}

/** libpq reads PGOPTIONS, so Django's connection sets both timeouts with no code change. */
export function timeoutOptions(config: Pick<Migrations, "lockTimeoutMs" | "statementTimeoutMs">): string {
  return `-c lock_timeout=${config.lockTimeoutMs}ms -c statement_timeout=${config.statementTimeoutMs}ms`;
}

/**
 * Names the part of the migration step that failed (the client error stays the cause): whether
 * the migration ran is what the reader of a failure needs to know first.
 */
async function part<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${what}: ${describeCause(error)}`, { cause: error });
  }
}

/** The job's latest execution when it has not completed yet. */
async function runningExecution(job: string, deps: RunDeps): Promise<string | undefined> {
  const live = await getJob(deps, job, []);
  const latest = live?.latestCreatedExecution;
  return latest?.name && !latest.completionTime ? String(latest.name).split("/").pop() : undefined;
}

export async function runMigrations(
  scope: BatchScope & { migrations?: Migrations },
  image: string,
  deps: HoldDeps,
  args?: string[],
): Promise<MigrationRun | undefined> {
  if (!scope.migrations) return undefined;
  const started = deps.clock.now().getTime();
  const name = scope.migrations.job;
  const job = await part(`sync the migration job ${name}`, () => syncMigrationJob(scope, image, deps));
  if (!job) return undefined;
  // Checked before the pause: while an earlier run's migration still runs, the schedules that
  // run paused must stay paused, so this run touches nothing and refuses.
  await part(`run the migration job ${name}`, async () => {
    const running = await runningExecution(job, deps);
    if (running)
      throw new Error(
        `${running} of it is still running (started by an earlier run that stopped or lost its wait); re-run once it has finished, so that two migrations never run at once`,
      );
  });
  // The pause is inside the try: when it fails half-way, the schedules it did pause are
  // resumed like after any other failure (resume touches only what Runway marked as paused).
  let failure: unknown;
  try {
    await part("pause the schedules", () => pauseManaged(scope, deps));
    const overrides = {
      containerOverrides: [{ env: [{ name: "PGOPTIONS", value: timeoutOptions(scope.migrations) }], ...(args ? { args } : {}) }],
    };
    const execution = await part(`run the migration job ${name}`, () => runJob(deps, job, overrides, name));
    return { job, execution: String(execution.name), ms: deps.clock.now().getTime() - started };
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await part(failure ? "resume the schedules" : "resume the schedules after the migration job ran", () =>
      resumeManaged(scope, deps),
    ).catch((error: Error) => {
      if (!failure) throw error;
      deps.logger.error(
        `resuming the paused schedules failed too: ${error.message}; run \`runway scheduler resume\` once Cloud Scheduler answers`,
      );
    });
  }
}
