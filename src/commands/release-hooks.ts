// What a release carries besides the service: batch jobs and schedules move with it on deploy
// and promote, and come back from the target's snapshot on rollback.
import { describeReleaseSync, restoreFromRevision, syncRelease } from "../core/batch/index.js";
import type { RunDeps } from "../core/cloudrun.js";
import type { Environment } from "../core/config/types.js";
import type { DeployHooks } from "../core/deploy.js";
import type { Ledger } from "../core/ledger.js";
import type { RollbackHooks } from "../core/rollback.js";

const hasBatch = (env: Environment) => env.batch.length > 0 || env.schedules.length > 0;

export function releaseHooks(env: Environment, deps: RunDeps): DeployHooks {
  if (!hasBatch(env)) return {};
  return {
    afterLive: async ({ plan }) => describeReleaseSync(await syncRelease(env, plan.release.image, deps)),
  };
}

/**
 * The releases a rollback steps over: from the current one back along `replaced` to the
 * target; when that chain does not reach it, every release recorded after the target.
 */
export function steppedOver(ledger: Ledger, from: string, to: string): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = from; at && at !== to && !chain.includes(at); at = ledger[at]?.replaced) chain.push(at);
  if (chain.length && ledger[chain.at(-1) as string]?.replaced === to) return chain;
  const since = ledger[to]?.at ?? "";
  return Object.entries(ledger).filter(([name, e]) => name !== to && e.at > since).map(([name]) => name);
}

/** Migrations the old code cannot run against: contract changes and anything irreversible. */
export function migrationBlockers(ledger: Ledger, from: string, to: string): string[] {
  return steppedOver(ledger, from, to).flatMap((revision) =>
    (ledger[revision]?.migrations ?? [])
      .filter((m) => m.category === "contract" || !m.reversible)
      .map((m) => `${m.app}.${m.name} (release ${ledger[revision]?.release ?? revision}): ${m.category === "contract" ? "a contract change the old code cannot run against" : "irreversible"}${m.reversible ? ", reversible" : ""}`),
  );
}

export function rollbackHooks(deps: RunDeps, withBatch: boolean): RollbackHooks {
  return {
    migrationBlockers: (plan, ledger) => migrationBlockers(ledger, plan.from, plan.to),
    ...(withBatch ? { afterShift: (plan) => restoreFromRevision(`${plan.service}/revisions/${plan.to}`, deps) } : {}),
  };
}
