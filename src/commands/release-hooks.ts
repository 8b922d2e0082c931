// What a release carries besides the service: batch jobs and schedules move with it on deploy
// and promote, and come back from the target's snapshot on rollback.
import { describeReleaseSync, restoreFromRevision, syncRelease } from "../core/batch/index.js";
import type { RunDeps } from "../core/cloudrun.js";
import type { Environment } from "../core/config/types.js";
import type { DeployHooks } from "../core/deploy.js";
import type { RollbackHooks } from "../core/rollback.js";

const hasBatch = (env: Environment) => env.batch.length > 0 || env.schedules.length > 0;

export function releaseHooks(env: Environment, deps: RunDeps): DeployHooks {
  if (!hasBatch(env)) return {};
  return {
    afterLive: async ({ plan }) => describeReleaseSync(await syncRelease(env, plan.release.image, deps)),
  };
}

export function rollbackHooks(deps: RunDeps): RollbackHooks {
  return {
    afterShift: (plan) => restoreFromRevision(`${plan.service}/revisions/${plan.to}`, deps),
  };
}
