import { resolve } from "node:path";
import { loadAllEnvironments } from "../core/config/load.js";
import { DeployFailure } from "../core/deploy.js";
import { ConfigurationError } from "../shared/errors.js";
import { promote } from "../core/promote.js";
import { promotionDiff } from "../core/promotion-diff.js";
import { renderDeploySummary } from "../core/summary/deploy.js";
import { cell } from "../core/summary/markdown.js";
import { renderPromotionDiff } from "../core/summary/promote.js";
import { type CommandContext, CommandFailure, type CommandResult } from "./context.js";
import { failureOutputs } from "./deploy.js";
import { deploymentMirror, failureNotifier, githubFor } from "./github-hooks.js";
import { assertMigrationsCanRun, migrationHooks } from "./migration-hooks.js";
import type { GateOptions } from "./migrations.js";
import { releaseHooks } from "./release-hooks.js";
import { deployTarget, isProduction } from "./target.js";

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
  assertMigrationsCanRun(target, input.gate, input.configDir);
  const gh = githubFor(ctx);
  const deps = {
    clients: ctx.clients(),
    clock: ctx.clock,
    logger: ctx.logger,
    fetch: ctx.fetch,
    mirror: gh && !input.dryRun ? deploymentMirror(gh, ctx, isProduction(target, all)) : undefined,
    hooks: {
      ...releaseHooks(target, { clients: ctx.clients(), clock: ctx.clock, logger: ctx.logger }),
      ...migrationHooks(target, input.gate && { ...input.gate, projectDir: resolve(input.root ?? ".", input.gate.projectDir) }, ctx, {
        clients: ctx.clients(),
        clock: ctx.clock,
        logger: ctx.logger,
      }),
    },
    notify: failureNotifier(input.dryRun ? undefined : gh, ctx, target.notify),
    diff: (base: string | undefined, head: string) => promotionDiff({ base, head, gh, repoDir: input.root }),
  };
  try {
    const result = await promote(
      { source: deployTarget(source), target: deployTarget(target), release: input.release, dryRun: input.dryRun },
      deps,
    );
    const d = result.deploy;
    const dry = d.outcome === "dry-run";
    const outputs = {
      outcome: d.outcome,
      revision: dry ? "" : d.revision,
      "planned-revision": d.revision,
      url: d.url ?? "",
      "tag-url": d.tagUrl ?? "",
      "release-id": d.plan.release.id,
      "previous-revision": d.previousRevision ?? "",
      image: d.plan.release.image,
    };
    const summary = [
      renderDeploySummary(d).replace(/^## Runway deploy to/, `## Runway promote ${source.name} →`),
      renderPromotionDiff(source.name, target.name, result.diff),
      input.reason ? `Reason: ${cell(input.reason)}\n` : "",
    ].join("\n");
    return {
      outputs,
      summary,
      json: { from: source.name, to: target.name, reason: input.reason ?? "", ...outputs, diff: result.diff, steps: d.steps },
    };
  } catch (error) {
    if (!(error instanceof DeployFailure)) throw error;
    const summary = renderDeploySummary(
      { ...error.result, outcome: "failed" },
      { step: error.step, message: error.message, restored: error.restored },
    ).replace(/^## Runway deploy to/, `## Runway promote ${source.name} →`);
    throw new CommandFailure(
      `promotion to ${target.name} failed at ${error.step}: ${error.message.slice(error.step.length + 2)}`,
      summary,
      error,
      { ...failureOutputs(error), image: error.result.plan.release.image },
    );
  }
}
