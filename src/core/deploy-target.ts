import type { Environment } from "./config/types.js";
import { activeFreeze } from "./config/freeze.js";
import type { DeployTarget } from "./deploy.js";
import { snapshot } from "./batch/index.js";

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
    ...(env.rollout.bake ? { bake: env.rollout.bake } : {}),
    freezeAt: (at) => activeFreeze(env, at),
    snapshotFor: (image) => snapshot(env, image) as unknown as Record<string, unknown>,
  };
}

// GitHub shows production environments differently (the Deployments API's production_environment).

/** Production by its name (prod, production, prod-eu): what a deploy or a rollback, which reads one environment, can tell. */
export const isProductionByName = (env: Environment): boolean => /^prod/.test(env.name);

/** Production as the end of the promotion chain: promoted into, and promoting to nothing further. */
export const isEndOfPromotionChain = (env: Environment, all: readonly Environment[]): boolean =>
  !all.some((other) => other.promotesFrom === env.name) && !!env.promotesFrom;
