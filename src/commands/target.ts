import type { Environment } from "../core/config/types.js";
import { activeFreeze } from "../core/config/freeze.js";
import type { DeployTarget } from "../core/deploy.js";
import { snapshot } from "../core/batch/index.js";

/** The deploy engine's view of an environment. */
export function deployTarget(env: Environment): DeployTarget {
  return {
    name: env.name,
    project: env.project,
    region: env.region,
    requireDigest: env.requireDigest,
    service: env.service,
    checks: env.checks,
    steps: env.rollout.steps,
    freezeAt: (at) => activeFreeze(env, at),
    snapshotFor: (image) => snapshot(env, image) as unknown as Record<string, unknown>,
  };
}

/** GitHub shows production environments differently; Runway treats the end of the promotion chain as production. */
export const isProduction = (env: Environment, all?: Environment[]) =>
  all ? !all.some((other) => other.promotesFrom === env.name) && !!env.promotesFrom : /^prod/.test(env.name);
