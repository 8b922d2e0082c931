// The migration gate in the release flow: analysis before any write (a block stops the deploy
// or promotion there), then the migration job after the revision's checks and before traffic.
import type { RunDeps } from "../gcp/cloudrun.js";
import type { Environment } from "../core/config/types.js";
import type { DeployHooks } from "../core/deploy.js";
import type { AppliedMigration } from "../core/ledger.js";
import { ConfigurationError } from "../shared/errors.js";
import { runMigrations } from "../core/migrate.js";
import { announceFindings, oneLine, type PlanEntry } from "../core/migrations/index.js";
import type { CommandContext } from "./context.js";
import { analyseFor, type GateOptions } from "./migrations.js";

// What rollback needs to know about a migration: its gravest category.
const GRAVITY = ["broken", "contract", "irreversible", "locking", "expand"];

export function applied(entry: PlanEntry): AppliedMigration {
  const category = GRAVITY.find((c) => (entry.categories as string[]).includes(c)) ?? "expand";
  return { app: entry.app, name: entry.name, category, reversible: entry.reversible };
}

/**
 * An environment that declares migrations is not released without them: with no project to
 * read them from, the gate and the migration job would be skipped and the new code would meet
 * the old schema. Refused before any call, naming both ways out.
 */
export function assertMigrationsCanRun(env: Environment, options: GateOptions | undefined, configDir: string): void {
  if (!env.migrations || options) return;
  const file = `${configDir.replace(/\/+$/, "")}/${env.name}.yaml`;
  throw new ConfigurationError(
    `project-dir: ${env.name} declares migrations (in ${file}), and Runway needs the Django project to check and run them, so it does not release without it. Give project-dir (the action input; --project-dir in the CLI) the directory that holds manage.py, or remove migrations: from ${file} if ${env.name} has none to run`,
    { file, field: "project-dir" },
  );
}

export function migrationHooks(env: Environment, options: GateOptions | undefined, ctx: CommandContext, deps: RunDeps): DeployHooks {
  if (!env.migrations || !options) return {};
  let pending: PlanEntry[] = [];
  return {
    gate: async ({ release, base }) => {
      const report = await analyseFor(env, { ...options, candidate: release.commit, base: base ?? null }, ctx);
      announceFindings(report.findings, ctx.logger);
      pending = report.plan;
      return {
        blocked: report.decision === "block",
        summary: oneLine(report, env.name),
        migrations: report.plan.map(applied),
        schema: report.leaves,
      };
    },
    beforeTraffic: async ({ plan }) => {
      if (pending.length === 0) return "no new migrations";
      const run = await runMigrations(env, plan.release.image, deps);
      return run
        ? `applied ${pending.length} migration(s) (${pending.map((p) => `${p.app}.${p.name}`).join(", ")}) with ${run.execution.split("/").pop()}`
        : "no migration job configured";
    },
  };
}
