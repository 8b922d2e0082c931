import { resolve } from "node:path";
import { loadEnvironment } from "../core/config/load.js";
import { DeployFailure, deploy } from "../core/deploy.js";
import { renderDeployFailure, renderDeploySummary } from "../present/summary/index.js";
import { progressText } from "../present/terminal/index.js";
import { type CommandContext, CommandFailure, type CommandResult } from "./context.js";
import { deploymentMirror, failureNotifier, githubFor } from "./github-hooks.js";
import { assertMigrationsCanRun, migrationHooks } from "./migration-hooks.js";
import type { GateOptions } from "./migrations.js";
import { releaseHooks } from "./release-hooks.js";
import { deployTarget, isProduction } from "./target.js";

export interface DeployInput {
  environment: string;
  image: string;
  commit: string;
  dryRun: boolean;
  configDir: string;
  /** The directory config-dir must stay inside (the workspace). */
  root?: string;
  /** Runs the migration gate and the migration job when the environment declares migrations. */
  gate?: GateOptions;
}

/** What a failed rollout leaves: rolled-back when traffic is back as it was, failed otherwise. */
export function failureOutputs(error: DeployFailure): Record<string, string> {
  const r = error.result;
  return {
    outcome: error.restored && !r.plan.firstDeploy ? "rolled-back" : "failed",
    "failed-step": error.step,
    // The release serves nowhere: revision stays empty; planned-revision is the one that failed.
    revision: "",
    "planned-revision": r.revision,
    url: r.url ?? "",
    "tag-url": r.tagUrl ?? "",
    "release-id": r.plan.release.id,
    "previous-revision": r.previousRevision ?? "",
  };
}

export async function deployCommand(input: DeployInput, ctx: CommandContext): Promise<CommandResult> {
  const env = await loadEnvironment(resolve(input.root ?? ".", input.configDir), input.environment, { root: input.root });
  assertMigrationsCanRun(env, input.gate, input.configDir);
  const gh = input.dryRun ? undefined : githubFor(ctx);
  const deps = {
    clients: ctx.clients(),
    clock: ctx.clock,
    logger: ctx.logger,
    fetch: ctx.fetch,
    progress: progressText,
    mirror: gh ? deploymentMirror(gh, ctx, isProduction(env)) : undefined,
    hooks: {
      ...releaseHooks(env, { clients: ctx.clients(), clock: ctx.clock, logger: ctx.logger, progress: progressText }),
      ...migrationHooks(env, input.gate && { ...input.gate, projectDir: resolve(input.root ?? ".", input.gate.projectDir) }, ctx, {
        clients: ctx.clients(),
        clock: ctx.clock,
        logger: ctx.logger,
        progress: progressText,
      }),
    },
    notify: failureNotifier(gh, ctx, env.notify),
  };
  try {
    const result = await deploy({ target: deployTarget(env), image: input.image, commit: input.commit, dryRun: input.dryRun }, deps);
    const dry = result.outcome === "dry-run";
    const outputs = {
      outcome: result.outcome,
      // A dry run creates nothing: the revision it would create is planned-revision.
      revision: dry ? "" : result.revision,
      "planned-revision": result.revision,
      url: result.url ?? "",
      "tag-url": result.tagUrl ?? "",
      "release-id": result.plan.release.id,
      "previous-revision": result.previousRevision ?? "",
    };
    return { outputs, summary: renderDeploySummary(result), json: { ...outputs, plan: result.plan, steps: result.steps } };
  } catch (error) {
    if (!(error instanceof DeployFailure)) throw error;
    const summary = renderDeployFailure(error);
    throw new CommandFailure(
      `deploy to ${env.name} failed at ${error.step}: ${error.message.slice(error.step.length + 2)}`,
      summary,
      error,
      failureOutputs(error),
    );
  }
}
