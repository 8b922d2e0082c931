import { resolve } from "node:path";
import { loadEnvironment } from "../core/config/load.js";
import { DeployFailure, deploy } from "../core/deploy.js";
import { deployTarget, isProductionByName } from "../core/deploy-target.js";
import { assertMigrationsCanRun } from "../core/migration-hooks.js";
import { renderDeployFailure, renderDeploySummary } from "../present/summary/index.js";
import type { CommandContext, CommandResult } from "./context.js";
import type { GateOptions } from "./migrations.js";
import { releaseDeps, releaseFailure, releaseOutputs } from "./release.js";
import { githubFor } from "./run-context.js";

export { failureOutputs } from "./release.js";

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

export async function deployCommand(input: DeployInput, ctx: CommandContext): Promise<CommandResult> {
  const env = await loadEnvironment(resolve(input.root ?? ".", input.configDir), input.environment, { root: input.root });
  assertMigrationsCanRun(env, !!input.gate, input.configDir);
  const deps = releaseDeps(env, input, ctx, input.dryRun ? undefined : githubFor(ctx), isProductionByName(env));
  try {
    const result = await deploy({ target: deployTarget(env), image: input.image, commit: input.commit, dryRun: input.dryRun }, deps);
    const outputs = releaseOutputs(result);
    return { outputs, summary: renderDeploySummary(result), json: { ...outputs, plan: result.plan, steps: result.steps } };
  } catch (error) {
    if (!(error instanceof DeployFailure)) throw error;
    throw releaseFailure(`deploy to ${env.name}`, error, renderDeployFailure(error));
  }
}
