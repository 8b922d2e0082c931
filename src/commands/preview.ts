import { resolve } from "node:path";
import { loadEnvironment } from "../core/config/load.js";
import { ConfigurationError } from "../shared/errors.js";
import { previewCleanup, previewDeploy, previewTag } from "../core/preview.js";
import type { GitHub } from "../github/client.js";
import { markInactive, setDeploymentStatus, startDeployment } from "../github/deployments.js";
import { upsertStickyComment } from "../github/pulls.js";
import { previewDeployedComment, previewRemovedComment, previewSkippedComment } from "../present/comment.js";
import type { CommandContext, CommandResult } from "./context.js";
import { githubFor, runDeps } from "./run-context.js";

export interface PreviewInput {
  action: "deploy" | "cleanup";
  pr: string;
  image?: string;
  commit?: string;
  /** The PR comes from a fork: it gets no credentials, so nothing is deployed. */
  fork: boolean;
  environment: string;
  configDir: string;
  root?: string;
}

const MARKER = "preview";

async function comment(gh: GitHub | undefined, ctx: CommandContext, pr: string, body: string): Promise<void> {
  if (!gh) return;
  await upsertStickyComment(gh, Number(pr), MARKER, body).catch((error: Error) =>
    ctx.logger.warn(`could not update the preview comment: ${error.message}`),
  );
}

async function mirror(
  gh: GitHub | undefined,
  ctx: CommandContext,
  tag: string,
  commit: string,
  url: string | undefined,
  ok: boolean,
): Promise<void> {
  if (!gh) return;
  try {
    const { id } = await startDeployment(gh, {
      ref: commit,
      environment: tag,
      transient: true,
      production: false,
      description: `Runway preview ${tag}`,
      payload: { preview: tag },
    });
    await setDeploymentStatus(gh, id, {
      state: ok ? "success" : "failure",
      environmentUrl: url,
      logUrl: ctx.github?.runUrl,
      autoInactive: true,
    });
  } catch (error) {
    ctx.logger.warn(`GitHub Deployment for ${tag} not recorded: ${(error as Error).message}`);
  }
}

export async function previewCommand(input: PreviewInput, ctx: CommandContext): Promise<CommandResult> {
  const tag = previewTag(input.pr);
  const gh = githubFor(ctx);
  if (input.fork) {
    await comment(gh, ctx, input.pr, previewSkippedComment(input.pr));
    return {
      outputs: { outcome: "skipped", skipped: "true", tag },
      summary: previewSkippedComment(input.pr),
      json: { skipped: true, reason: "fork", tag },
    };
  }
  const env = await loadEnvironment(resolve(input.root ?? ".", input.configDir), input.environment, { root: input.root });
  const deps = { ...runDeps(ctx), fetch: ctx.fetch };
  if (input.action === "cleanup") {
    const result = await previewCleanup({ target: env, pr: Number(input.pr) }, deps);
    if (gh) await markInactive(gh, tag).catch((error: Error) => ctx.logger.warn(`could not mark ${tag} inactive: ${error.message}`));
    await comment(gh, ctx, input.pr, previewRemovedComment(input.pr, result));
    return {
      outputs: { outcome: "cleaned-up", skipped: "false", tag, deleted: result.deleted.join(",") },
      summary: previewRemovedComment(input.pr, result),
      json: result,
    };
  }
  if (!input.image || !input.commit)
    throw new ConfigurationError("image and commit are required to deploy a preview", { field: input.image ? "commit" : "image" });
  const result = await previewDeploy({ target: env, pr: Number(input.pr), image: input.image, commit: input.commit }, deps);
  const ok = result.checks.every((c) => c.ok);
  await mirror(gh, ctx, tag, input.commit, result.url, ok);
  const body = previewDeployedComment(input.pr, result, input.commit);
  await comment(gh, ctx, input.pr, body);
  const outputs = { outcome: ok ? "deployed" : "failed", skipped: "false", tag, url: result.url ?? "", revision: result.revision };
  if (!ok) return { outputs, summary: body, json: { ...result, message: `the preview of #${input.pr} fails its checks` }, exitCode: 1 };
  return { outputs, summary: body, json: result };
}
