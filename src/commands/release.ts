// The wiring deploy and promote share: the deploy engine's dependencies for a release into one
// environment, its outputs, and its failure as a command's.
import { resolve } from "node:path";
import type { Environment } from "../core/config/types.js";
import type { DeployFailure, DeployResult } from "../core/deploy.js";
import { deploymentMirror, failureNotifier } from "../core/github-mirror.js";
import { migrationHooks } from "../core/migration-hooks.js";
import { releaseHooks } from "../core/release-hooks.js";
import type { GitHub } from "../github/client.js";
import { type CommandContext, CommandFailure } from "./context.js";
import { analyseFor, type GateOptions } from "./migrations.js";
import { noticeContext, runDeps } from "./run-context.js";

export interface ReleaseInput {
  dryRun: boolean;
  root?: string;
  /** Runs the migration gate and the migration job when the environment declares migrations. */
  gate?: GateOptions;
}

/** The deploy engine's dependencies for a release into `env`; a dry run records and notifies nothing. */
export function releaseDeps(env: Environment, input: ReleaseInput, ctx: CommandContext, gh: GitHub | undefined, production: boolean) {
  const run = runDeps(ctx);
  const told = input.dryRun ? undefined : gh;
  const gate = input.gate && { ...input.gate, projectDir: resolve(input.root ?? ".", input.gate.projectDir) };
  return {
    ...run,
    fetch: ctx.fetch,
    mirror: told ? deploymentMirror(told, ctx.github?.runUrl, production) : undefined,
    hooks: {
      ...releaseHooks(env, run),
      ...migrationHooks(env, gate && ((candidate, base) => analyseFor(env, { ...gate, candidate, base }, ctx)), run),
    },
    notify: failureNotifier(told, noticeContext(ctx), env.notify),
  };
}

/** A release's outputs; a dry run creates nothing, so the revision it would create is planned-revision. */
export function releaseOutputs(result: DeployResult): Record<string, string> {
  return {
    outcome: result.outcome,
    revision: result.outcome === "dry-run" ? "" : result.revision,
    "planned-revision": result.revision,
    url: result.url ?? "",
    "tag-url": result.tagUrl ?? "",
    "release-id": result.plan.release.id,
    "previous-revision": result.previousRevision ?? "",
  };
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

/** A failed release as the command's failure: `${what} failed at <step>: <why>`, with its summary and outputs. */
export function releaseFailure(what: string, error: DeployFailure, summary: string, extra: Record<string, string> = {}): CommandFailure {
  return new CommandFailure(`${what} failed at ${error.step}: ${error.detail}`, summary, error, { ...failureOutputs(error), ...extra });
}
