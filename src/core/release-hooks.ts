// What a release carries besides the service: batch jobs and schedules move with it on deploy
// and promote, and come back from the target's snapshot on rollback.
import { getService } from "../gcp/cloudrun.js";
import { RefusalError } from "../shared/errors.js";
import {
  describeReleaseSync,
  type HoldDeps,
  previewRestore,
  releaseSyncChanged,
  restoreFromRevision,
  type SyncDeps,
  syncRelease,
} from "./batch/index.js";
import type { Environment } from "./config/types.js";
import type { DeployHooks } from "./deploy.js";
import type { Ledger } from "./ledger.js";
import { runMigrations } from "./migrate.js";
import type { RollbackHooks } from "./rollback.js";
import { servedTraffic } from "./traffic.js";

const hasBatch = (env: Environment) => env.batch.length > 0 || env.schedules.length > 0;

/**
 * Batch jobs follow the release that is live once they are written. A rollback can take the
 * traffic while a deploy's batch write is still in flight and land its own restore first; the
 * late write must not stand, so whoever finds another release live after writing restores that
 * release's snapshot (the rollback's own restore does the same, so the last writer agrees).
 */
async function followLive(service: string, revision: string, deps: SyncDeps): Promise<string | undefined> {
  const current = await getService(deps, service);
  const live = current && servedTraffic(current).find((e) => e.percent === 100)?.revision;
  if (!live || live === revision) return undefined;
  deps.logger.warn(`${live} took over from ${revision} while its batch jobs and schedules were written; restoring those of ${live}`);
  return restoreFromRevision(`${service}/revisions/${live}`, deps);
}

export function releaseHooks(env: Environment, deps: SyncDeps): DeployHooks {
  if (!hasBatch(env)) return {};
  return {
    afterLive: async ({ plan }) => {
      const synced = await syncRelease(env, plan.release.image, deps);
      const restored = await followLive(plan.service, plan.revision, deps);
      return { detail: restored ?? describeReleaseSync(synced), changed: restored !== undefined || releaseSyncChanged(synced) };
    },
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
  return Object.entries(ledger)
    .filter(([name, e]) => name !== to && e.at > since)
    .map(([name]) => name);
}

/** Migrations the old code cannot run against: contract changes and anything irreversible. */
export function migrationBlockers(ledger: Ledger, from: string, to: string): string[] {
  return steppedOver(ledger, from, to).flatMap((revision) =>
    (ledger[revision]?.migrations ?? [])
      .filter((m) => m.category === "contract" || !m.reversible)
      .map(
        (m) =>
          `${m.app}.${m.name} (release ${ledger[revision]?.release ?? revision}): ${m.category === "contract" ? "a contract change the old code cannot run against" : "irreversible"}${m.reversible ? ", reversible" : ""}`,
      ),
  );
}

/**
 * Runs the stepped-over migrations backwards with the current release's image, one
 * `migrate <app> <leaf>` per app, to each app's leaf recorded for the target release.
 */
export async function migrateBack(env: Environment, deps: HoldDeps, ledger: Ledger, from: string, to: string): Promise<string> {
  const migrations = steppedOver(ledger, from, to).flatMap((r) => ledger[r]?.migrations ?? []);
  const irreversible = migrations.filter((m) => !m.reversible);
  if (irreversible.length)
    throw new RefusalError(`cannot migrate back: ${irreversible.map((m) => `${m.app}.${m.name}`).join(", ")} cannot be reversed`);
  const schema = ledger[to]?.schema;
  const image = ledger[from]?.image;
  if (!schema || !image)
    throw new RefusalError(`cannot migrate back: the schema of ${to} was not recorded (it was deployed without the migration gate)`);
  const apps = [...new Set(migrations.map((m) => m.app))];
  const targets = apps.map((app) => [app, schema.find((leaf) => leaf.startsWith(`${app}.`))?.slice(app.length + 1) ?? "zero"] as const);
  for (const [app, leaf] of targets) await runMigrations(env, image, deps, [app, leaf]);
  return `unapplied ${migrations.length} migration(s): ${targets.map(([app, leaf]) => `${app} back to ${leaf}`).join(", ")}`;
}

export function rollbackHooks(env: Environment, deps: SyncDeps & HoldDeps): RollbackHooks {
  return {
    migrationBlockers: (plan, ledger) => migrationBlockers(ledger, plan.from, plan.to),
    migrateBack: (plan, ledger) => migrateBack(env, deps, ledger, plan.from, plan.to),
    ...(hasBatch(env)
      ? {
          afterShift: async (plan) => {
            const restored = await restoreFromRevision(`${plan.service}/revisions/${plan.to}`, deps);
            return (await followLive(plan.service, plan.to, deps)) ?? restored;
          },
          previewShift: (plan) => previewRestore(`${plan.service}/revisions/${plan.to}`, deps),
        }
      : {}),
  };
}
