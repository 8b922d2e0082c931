// A release told to GitHub and the team: the Deployments mirror (deploy, promote and rollback all
// record through it) and the failure notice (the pull request's author, the team's chat). Both
// are best effort: a GitHub or chat outage must never turn a good deploy into a failed one.
import type { DeploymentMirror, FailureNotice } from "./deploy.js";
import type { Logger } from "../shared/runtime.js";
import type { GitHub } from "../github/client.js";
import { setDeploymentStatus, startDeployment } from "../github/deployments.js";
import { commentOnPullRequest, pullRequestForCommit } from "../github/pulls.js";
import { notifyWebhook } from "../github/webhook.js";

/** Where the notices point and what they may read: the workflow run, the environment's variables. */
export interface NoticeContext {
  logger: Logger;
  /** Environment variables, for secrets named in config (e.g. the webhook URL). */
  env: Record<string, string | undefined>;
  /** Link to the workflow run. */
  runUrl?: string;
  /** How the note to a pull request's author reads (src/present/comment.ts, passed in by the commands). */
  failureComment(author: string, headline: string, message: string, runUrl: string | undefined): string;
}

export function deploymentMirror(gh: GitHub, runUrl: string | undefined, production: boolean): DeploymentMirror {
  return {
    start: async ({ environment, ref, payload, description }) =>
      (await startDeployment(gh, { ref, environment, payload, description, production, transient: false })).id,
    status: async (id, state, { environmentUrl, description }) => {
      await setDeploymentStatus(gh, id, { state, environmentUrl, description, logUrl: runUrl });
    },
  };
}

export interface NotifyConfig {
  webhookSecret?: string;
  mentionAuthor: boolean;
}

/** Tells the people responsible: the PR that brought the commit, and the team's chat. */
export function failureNotifier(
  gh: GitHub | undefined,
  ctx: NoticeContext,
  config: NotifyConfig,
): (notice: FailureNotice) => Promise<void> {
  return async (notice) => {
    const text = `Runway: deploy of ${notice.release} to ${notice.environment} failed at ${notice.step}.`;
    if (gh && config.mentionAuthor) {
      await notifyPullRequest(gh, ctx, notice, text).catch((error: Error) =>
        ctx.logger.warn(`could not comment on the pull request: ${error.message}`),
      );
    }
    const url = config.webhookSecret ? ctx.env[config.webhookSecret] : undefined;
    if (config.webhookSecret && !url)
      ctx.logger.warn(`notify.webhook-secret names ${config.webhookSecret}, but no such environment variable is set`);
    if (!url) return;
    ctx.logger.secret(url);
    const sent = await notifyWebhook(url, {
      title: text,
      text: notice.message,
      severity: "failure",
      fields: {
        environment: notice.environment,
        step: notice.step,
        release: notice.release,
        commit: notice.commit.slice(0, 12),
        image: notice.image,
      },
      link: ctx.runUrl,
    });
    if (!sent.ok) ctx.logger.warn(`the failure webhook was not delivered: ${sent.error}`);
  };
}

async function notifyPullRequest(gh: GitHub, ctx: NoticeContext, notice: FailureNotice, text: string): Promise<void> {
  const pr = await pullRequestForCommit(gh, notice.commit);
  if (!pr) return;
  await commentOnPullRequest(gh, pr.number, ctx.failureComment(pr.author, text, notice.message, ctx.runUrl));
  ctx.logger.info(`  told @${pr.author} on #${pr.number}`);
}
