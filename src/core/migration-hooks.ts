// The migration gate in the release flow: analysis before any write (a block stops the deploy
// or promotion there), then the migration job after the revision's checks and before traffic.
import { ConfigurationError } from "../shared/errors.js";
import type { HoldDeps } from "./batch/index.js";
import type { Environment } from "./config/types.js";
import type { DeployHooks } from "./deploy.js";
import type { AppliedMigration } from "./ledger.js";
import { runMigrations } from "./migrate.js";
import { announceFindings, type GateAnalysis, oneLine, type PlanEntry } from "./migrations/index.js";

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
export function assertMigrationsCanRun(env: Environment, hasProject: boolean, configDir: string): void {
  if (!env.migrations || hasProject) return;
  const file = `${configDir.replace(/\/+$/, "")}/${env.name}.yaml`;
  throw new ConfigurationError(
    `project-dir: ${env.name} declares migrations (in ${file}), and Runway needs the Django project to check and run them, so it does not release without it. Give project-dir (the action input; --project-dir in the CLI) the directory that holds manage.py, or remove migrations: from ${file} if ${env.name} has none to run`,
    { file, field: "project-dir" },
  );
}

/** Analyses the candidate's migrations against the base release's (the command wires the tools). */
export type AnalyseGate = (candidate: string, base: string | null) => Promise<GateAnalysis>;

export function migrationHooks(env: Environment, analyse: AnalyseGate | undefined, deps: HoldDeps): DeployHooks {
  if (!env.migrations || !analyse) return {};
  let pending: PlanEntry[] = [];
  return {
    gate: async ({ release, base }) => {
      const report = await analyse(release.commit, base ?? null);
      announceFindings(report.findings, deps.logger);
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
