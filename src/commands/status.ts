import { resolve } from "node:path";
import { loadAllEnvironments } from "../core/config/load.js";
import { ConfigurationError } from "../shared/errors.js";
import { environmentStatus } from "../core/status.js";
import { renderStatusSummary } from "../present/summary/index.js";
import type { CommandContext, CommandResult } from "./context.js";
import { runDeps } from "./run-context.js";

export interface StatusInput {
  environment?: string;
  configDir: string;
  root?: string;
}

/** What is live in each environment, read from Cloud Run alone. */
export async function statusCommand(input: StatusInput, ctx: CommandContext): Promise<CommandResult> {
  const all = await loadAllEnvironments(resolve(input.root ?? ".", input.configDir), { root: input.root });
  const chosen = input.environment ? all.filter((e) => e.name === input.environment) : all;
  if (input.environment && chosen.length === 0) {
    throw new ConfigurationError(
      `environment: no environment named ${JSON.stringify(input.environment)}; known: ${all.map((e) => e.name).join(", ")}`,
      { field: "environment" },
    );
  }
  const deps = runDeps(ctx);
  // Only what is asked for, and each one's promotes-from environment (for "waiting to promote").
  const sources = new Set(chosen.flatMap((e) => (e.promotesFrom ? [e.promotesFrom] : [])));
  const read = all.filter((e) => chosen.includes(e) || sources.has(e.name));
  const every = await Promise.all(read.map((env) => environmentStatus(env, deps)));
  // What waits to be promoted: the source runs a release the environment does not.
  const statuses = every
    .filter((s) => chosen.some((e) => e.name === s.environment))
    .map((s) => {
      const from = all.find((e) => e.name === s.environment)?.promotesFrom;
      const source = every.find((o) => o.environment === from);
      const release = source?.live?.state === "healthy" && source.live.release !== s.live?.release ? source.live.release : undefined;
      if (!source || !release) return s;
      // A release this environment rolled back does not wait: promoting it again is a decision.
      const back = s.rolledBack?.find((r) => r.release === release);
      return back
        ? { ...s, held: { release, from: source.environment, at: back.at, ...(back.reason ? { reason: back.reason } : {}) } }
        : { ...s, waiting: { release, from: source.environment } };
    });
  return {
    outputs: { outcome: "reported", status: JSON.stringify(statuses) },
    summary: renderStatusSummary(statuses, ctx.clock.now()),
    json: statuses,
  };
}
