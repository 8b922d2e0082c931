import { resolve } from "node:path";
import { loadEnvironment } from "../core/config/load.js";
import { rollback } from "../core/rollback.js";
import { renderRollbackSummary } from "../present/summary/index.js";
import { progressText } from "../present/terminal/index.js";
import { type CommandContext, CommandFailure, type CommandResult } from "./context.js";
import { deploymentMirror, githubFor } from "./github-hooks.js";
import { rollbackHooks } from "./release-hooks.js";
import { isProduction } from "./target.js";

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
  const base = { clients: ctx.clients(), clock: ctx.clock, logger: ctx.logger, progress: progressText };
  const deps = { ...base, fetch: ctx.fetch, rollbackHooks: rollbackHooks(env, base) };
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
  const gh = input.dryRun ? undefined : githubFor(ctx);
  if (gh && result.plan.toEntry?.commit) {
    // The Environments page shows the rolled-back-to release as the live deployment again.
    const mirror = deploymentMirror(gh, ctx, isProduction(env));
    await mirror
      .start({
        environment: env.name,
        ref: result.plan.toEntry.commit,
        payload: { release: result.plan.toEntry.release, revision: result.plan.to, rollback: true },
        description: `Runway rollback to ${result.plan.toEntry.release}`,
      })
      .then((id) =>
        id
          ? mirror.status(id, "success", {
              environmentUrl: result.service?.uri ?? undefined,
              description: `rolled back from ${result.plan.from}`,
            })
          : undefined,
      )
      .catch((error: Error) => ctx.logger.warn(`GitHub Deployment not recorded: ${error.message}`));
  }
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
