// `runway scheduler sync|pause|resume` and actions/scheduler: plan first, print the plan, stop
// there on a dry run, otherwise apply it and summarise what changed.
import { resolve } from "node:path";
import { type ApplyDeps, applySchedulerSync, SchedulerSyncFailure, type SyncReport } from "../core/batch/apply.js";
import { type HoldPlan, readHoldPlan } from "../core/batch/hold.js";
import type { JobChange, SchedulerPlan } from "../core/batch/plan.js";
import { planFromLive } from "../core/batch/sync.js";
import { inStep, StepError } from "../core/timeline.js";
import { loadEnvironment } from "../core/config/load.js";
import { ConfigurationError } from "../shared/errors.js";
import { renderHoldSummary, renderSyncSummary, type SchedulerOutcome } from "../present/summary/index.js";
import { holdPlanText, schedulerPlanText } from "../present/terminal/index.js";
import { type CommandContext, CommandFailure, type CommandResult } from "./context.js";
import { runDeps } from "./run-context.js";

export const SCHEDULER_COMMANDS = ["sync", "pause", "resume"] as const;
export type SchedulerSubcommand = (typeof SCHEDULER_COMMANDS)[number];

export interface SchedulerInput {
  environment: string;
  command: string;
  dryRun: boolean;
  /** sync only: delete managed schedules that are no longer declared. */
  prune: boolean;
  configDir: string;
  /** The directory config-dir must stay inside (the workspace). */
  root?: string;
}

type Planned = { plan: SchedulerPlan; verb: "sync" } | { plan: HoldPlan; verb: "pause" | "resume" };

function subcommand(value: string): SchedulerSubcommand {
  if ((SCHEDULER_COMMANDS as readonly string[]).includes(value)) return value as SchedulerSubcommand;
  throw new ConfigurationError(`command: must be one of ${SCHEDULER_COMMANDS.join(", ")}, got ${JSON.stringify(value)}`, {
    field: "command",
  });
}

const summaryOf = (planned: Planned, outcome: SchedulerOutcome, report?: SyncReport) =>
  planned.verb === "sync"
    ? renderSyncSummary(planned.plan, outcome, report)
    : renderHoldSummary(planned.plan, planned.verb, outcome, report);

const planText = (planned: Planned) =>
  planned.verb === "sync" ? schedulerPlanText(planned.plan) : holdPlanText(planned.plan, planned.verb);

/** The plan without the request bodies: what --format json and the `changes` output show. */
const changeList = (changes: JobChange[]) =>
  changes.map((c) => ({
    schedule: c.schedule,
    job: c.job,
    actions: c.actions.map((a) => (a.kind === "update" ? `update ${a.mask.join(",")}` : a.kind)),
    fields: c.fields,
    nextRuns: c.nextRuns,
  }));

function result(planned: Planned, outcome: SchedulerOutcome, report?: SyncReport): CommandResult {
  const changes = changeList(planned.plan.changes);
  return {
    outputs: { outcome, "changed-count": String(changes.length), changes: JSON.stringify(changes) },
    summary: summaryOf(planned, outcome, report),
    json: { outcome, command: planned.verb, environment: planned.plan.environment, changes, plan: planned.plan, report },
  };
}

export async function schedulerCommand(input: SchedulerInput, ctx: CommandContext): Promise<CommandResult> {
  const verb = subcommand(input.command);
  if (input.prune && verb !== "sync") throw new ConfigurationError("prune: applies only to sync", { field: "prune" });
  const env = await loadEnvironment(resolve(input.root ?? ".", input.configDir), input.environment, { root: input.root });
  const deps: ApplyDeps = runDeps(ctx);
  const planned: Planned = await inStep("read schedules", async () =>
    verb === "sync"
      ? { verb, plan: await planFromLive(env, deps, { prune: input.prune }) }
      : { verb, plan: await readHoldPlan(env, deps, verb) },
  );
  await ctx.logger.group("plan", async () => ctx.logger.info(planText(planned)));
  if (input.dryRun) return result(planned, "dry-run");
  if (planned.plan.changes.length === 0) return result(planned, "unchanged");
  try {
    const report = await ctx.logger.group(verb, () => applySchedulerSync(planned.plan, deps));
    return result(planned, "applied", report);
  } catch (error) {
    if (!(error instanceof SchedulerSyncFailure)) throw new StepError(verb, error);
    const failed = result(planned, "failed", error.report);
    throw new CommandFailure(`scheduler ${verb} of ${env.name}: ${error.message}`, failed.summary, error, failed.outputs);
  }
}
