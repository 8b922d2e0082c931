// The one place where an action's result meets the runner: outputs, the job summary and
// setFailed. Entry points call runAction with their typed inputs and one command.
import * as core from "@actions/core";
import { ConfigurationError, RefusalError } from "../core/errors.js";
import { systemClock } from "../core/runtime.js";
import { StepError } from "../core/timeline.js";
import { createClients, type GcpClients } from "../gcp/clients.js";
import type { CommandContext, CommandResult } from "../commands/context.js";
import { actionsLogger } from "./logger.js";

function githubContext(token: string): CommandContext["github"] {
  const repository = process.env.GITHUB_REPOSITORY;
  if (!token || !repository) return undefined;
  const server = process.env.GITHUB_SERVER_URL ?? "https://github.com";
  const runUrl = process.env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  return { token, repository, apiUrl: process.env.GITHUB_API_URL ?? "https://api.github.com", runUrl };
}

/** The context of a command run by the runner, and a close() that ends its gRPC channels. */
export function actionContext(githubToken: string): { ctx: CommandContext; close: () => Promise<void> } {
  let clients: GcpClients | undefined;
  const ctx: CommandContext = {
    logger: actionsLogger,
    clock: systemClock,
    clients: () => {
      clients ??= createClients();
      return clients;
    },
    fetch,
    github: githubContext(githubToken),
    env: process.env,
  };
  return { ctx, close: async () => clients?.close() };
}

async function writeSummary(markdown: string | undefined): Promise<void> {
  if (!markdown || !process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

export async function runAction(githubToken: string, command: (ctx: CommandContext) => Promise<CommandResult>): Promise<void> {
  if (githubToken) core.setSecret(githubToken);
  const { ctx, close } = actionContext(githubToken);
  try {
    const result = await command(ctx);
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value);
    await writeSummary(result.summary);
    if (result.exitCode) core.setFailed(String((result.json as { message?: string })?.message ?? "the command's verdict was negative"));
  } catch (error) {
    await writeSummary((error as { summary?: string }).summary);
    if (error instanceof ConfigurationError && error.location?.file) ctx.logger.error(error.message, error.location);
    const known = error instanceof ConfigurationError || error instanceof RefusalError || error instanceof StepError || (error as Error).name === "CommandFailure";
    core.setFailed(known ? (error as Error).message : `Runway hit an unexpected error (a bug; please report it): ${(error as Error).stack ?? error}`);
  } finally {
    await close();
  }
}
