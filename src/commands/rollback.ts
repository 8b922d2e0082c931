import { resolve } from "node:path";
import { loadEnvironment } from "../core/config/load.js";
import { rollback } from "../core/rollback.js";
import { renderRollbackSummary } from "../present/summary/index.js";
import { type CommandContext, CommandFailure, type CommandResult } from "./context.js";
import { isProductionByName } from "../core/deploy-target.js";
import { deploymentMirror } from "../core/github-mirror.js";
import { rollbackHooks } from "../core/release-hooks.js";
import { githubFor, runDeps } from "./run-context.js";

export interface RollbackInput {
  environment: string;
  to?: string;
  reason?: string;
  force: boolean;
  migrateBack: boolean;
  dryRun: boolean;
  configDir: string;
  root?: string;
}

export async function rollbackCommand(input: RollbackInput, ctx: CommandContext): Promise<CommandResult> {
  const env = await loadEnvironment(resolve(input.root ?? ".", input.configDir), input.environment, { root: input.root });
  const run = runDeps(ctx);
  const gh = input.dryRun ? undefined : githubFor(ctx);
  const deps = {
    ...run,
    fetch: ctx.fetch,
    rollbackHooks: rollbackHooks(env, run),
    mirror: gh ? deploymentMirror(gh, ctx.github?.runUrl, isProductionByName(env)) : undefined,
  };
  const result = await rollback(
    {
      target: env,
      to: input.to || undefined,
      force: input.force,
      migrateBack: input.migrateBack,
      dryRun: input.dryRun,
      reason: input.reason || undefined,
    },
    deps,
  );
  const summary = renderRollbackSummary(result, input.reason);
  const outputs = {
    outcome: result.outcome,
    revision: result.outcome === "dry-run" ? "" : result.plan.to,
    "planned-revision": result.plan.to,
    "previous-revision": result.plan.from,
    "release-id": result.plan.toEntry?.release ?? "",
    url: result.service?.uri ?? "",
  };
  const failed = result.checks.filter((c) => !c.ok);
  if (failed.length)
    throw new CommandFailure(
      `rolled ${env.name} back to ${result.plan.to}, but checks fail after the shift: ${failed.map((c) => `${c.name}: ${c.problem}`).join("; ")}`,
      summary,
      undefined,
      outputs,
    );
  return { outputs, summary, json: { ...outputs, plan: result.plan, checks: result.checks, restored: result.restored ?? "" } };
}
