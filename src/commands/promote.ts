import { resolve } from "node:path";
import { loadAllEnvironments } from "../core/config/load.js";
import { DeployFailure } from "../core/deploy.js";
import { deployTarget, isEndOfPromotionChain } from "../core/deploy-target.js";
import { assertMigrationsCanRun } from "../core/migration-hooks.js";
import { promote } from "../core/promote.js";
import { promotionDiff } from "../core/promotion-diff.js";
import { renderPromoteFailure, renderPromoteSummary } from "../present/summary/index.js";
import { ConfigurationError } from "../shared/errors.js";
import type { CommandContext, CommandResult } from "./context.js";
import type { GateOptions } from "./migrations.js";
import { releaseDeps, releaseFailure, releaseOutputs } from "./release.js";
import { githubFor } from "./run-context.js";

export interface PromoteInput {
  to: string;
  release?: string;
  reason?: string;
  dryRun: boolean;
  configDir: string;
  root?: string;
  /** Runs the migration gate and the migration job when the environment declares migrations. */
  gate?: GateOptions;
}

export async function promoteCommand(input: PromoteInput, ctx: CommandContext): Promise<CommandResult> {
  const all = await loadAllEnvironments(resolve(input.root ?? ".", input.configDir), { root: input.root });
  const target = all.find((e) => e.name === input.to);
  if (!target)
    throw new ConfigurationError(`to: no environment named ${JSON.stringify(input.to)}; known: ${all.map((e) => e.name).join(", ")}`, {
      field: "to",
    });
  const source = all.find((e) => e.name === target.promotesFrom);
  if (!source)
    throw new ConfigurationError(`to: ${target.name} has no promotes-from environment; it receives deploys, not promotions`, {
      field: "promotes-from",
    });
  assertMigrationsCanRun(target, !!input.gate, input.configDir);
  const gh = githubFor(ctx);
  const deps = {
    ...releaseDeps(target, input, ctx, gh, isEndOfPromotionChain(target, all)),
    diff: (base: string | undefined, head: string) => promotionDiff({ base, head, gh, repoDir: input.root }),
  };
  try {
    const result = await promote(
      { source: deployTarget(source), target: deployTarget(target), release: input.release, dryRun: input.dryRun },
      deps,
    );
    const d = result.deploy;
    const outputs = { ...releaseOutputs(d), image: d.plan.release.image };
    const summary = renderPromoteSummary(source.name, target.name, result, input.reason);
    return {
      outputs,
      summary,
      json: { from: source.name, to: target.name, reason: input.reason ?? "", ...outputs, diff: result.diff, steps: d.steps },
    };
  } catch (error) {
    if (!(error instanceof DeployFailure)) throw error;
    const summary = renderPromoteFailure(source.name, error);
    throw releaseFailure(`promotion to ${target.name}`, error, summary, { image: error.result.plan.release.image });
  }
}
