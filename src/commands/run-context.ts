// What the commands build from their context, once: the run dependencies of the core (the
// clients, the clock, the logger), the GitHub handle, and what a release's notices need.
import type { NoticeContext } from "../core/github-mirror.js";
import type { RunDeps } from "../gcp/cloudrun.js";
import { createGitHub, type GitHub } from "../github/client.js";
import { failureComment } from "../present/comment.js";
import { progressText } from "../present/terminal/index.js";
import type { CommandContext } from "./context.js";

/** The clients, clock and logger every core operation runs with, and how its plans read in the log. */
export function runDeps(ctx: CommandContext): RunDeps & { progress: typeof progressText } {
  return { clients: ctx.clients(), clock: ctx.clock, logger: ctx.logger, progress: progressText };
}

/** The GitHub handle when the command has a token and a repository; undefined otherwise. */
export function githubFor(ctx: CommandContext): GitHub | undefined {
  return ctx.github
    ? createGitHub({ token: ctx.github.token, apiUrl: ctx.github.apiUrl, repository: ctx.github.repository, logger: ctx.logger })
    : undefined;
}

/** Where a release's notices point: the workflow run, the environment's variables. */
export function noticeContext(ctx: CommandContext): NoticeContext {
  return { logger: ctx.logger, env: ctx.env, runUrl: ctx.github?.runUrl, failureComment };
}
