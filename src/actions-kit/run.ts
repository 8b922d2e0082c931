// The one place where an action's result meets the runner: inputs checked first, then outputs,
// the job summary and the exit. Entry points describe their inputs and one command; whatever
// happens, the step ends with an `outcome` output, a summary with a heading, and (on failure)
// exactly one ::error per problem.
import { existsSync } from "node:fs";
import * as core from "@actions/core";
import { classify, ConfigurationError } from "../shared/errors.js";
import { systemClock } from "../shared/runtime.js";
import { formatIssue } from "../core/config/parse.js";
import { cell } from "../present/markdown.js";
import { outputsSection, renderFailureSummary } from "../present/summary/index.js";
import { createClients, type GcpClients } from "../gcp/clients.js";
import type { CommandContext, CommandResult } from "../commands/context.js";
import { InputReader } from "./inputs.js";
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

/**
 * One action: how it reads its inputs, how it names itself, and the command it runs. An action
 * that talks to GitHub reads github-token into its inputs' `token`.
 */
export interface ActionSpec<I extends object> {
  /** Reads every input through the reader, which collects problems instead of throwing. */
  inputs: (read: InputReader) => I;
  /** The summary heading, e.g. "Runway deploy to qa"; must cope with empty inputs. */
  heading: (inputs: I) => string;
  /** What the action was asked to do, in one sentence. */
  attempted: (inputs: I) => string;
  run: (inputs: I, ctx: CommandContext) => Promise<CommandResult>;
}

// RUNNER_DEBUG=1 is what the runner sets when step debug logging (ACTIONS_STEP_DEBUG) is on.
const debug = () => process.env.RUNWAY_DEBUG === "1" || process.env.ACTIONS_STEP_DEBUG === "true" || core.isDebug();

/**
 * Puts the "Attempted" line under a summary's first heading (adding the action's heading when
 * the command's summary has none, e.g. a preview's comment body), and the outputs at its end.
 */
function complete(summary: string, attempted: string, outputs: Record<string, string>, fallbackHeading: string): string {
  const lines = summary.split("\n");
  if (!lines.some((l) => l.startsWith("## "))) lines.unshift(`## ${cell(fallbackHeading)}: ${outputs.outcome ?? ""}`, "");
  const heading = lines.findIndex((l) => l.startsWith("## "));
  if (heading >= 0 && !summary.includes("**Attempted:**")) lines.splice(heading + 1, 0, "", `**Attempted:** ${cell(attempted)}`);
  return [lines.join("\n").trimEnd(), "", outputsSection(outputs)].join("\n");
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/** How a failure is told: its outcome, the heading's status, the ::error lines and a hint. */
interface Verdict {
  outcome: string;
  status: string;
  errors: { message: string; where?: { file?: string; line?: number; column?: number; field?: string } }[];
  hint?: string;
}

/** Paths in messages read relative to the workspace, as in the annotations. */
const shortPaths = (text: string) => {
  const workspace = process.env.GITHUB_WORKSPACE;
  return workspace ? text.replaceAll(`${workspace}/`, "") : text;
};

/** A missing environment file is the environment input's fault, not a file's: no annotation on a file that is not there. */
function missingEnvironment(error: ConfigurationError): boolean {
  const file = error.location?.file;
  return !!file && !existsSync(file) && /no environment "/.test(error.message);
}

function judge(error: unknown, inputProblem: boolean): Verdict {
  const message = shortPaths(error instanceof Error ? error.message : String(error));
  const { kind, reason } = classify(error);
  if (reason === "usage" && error instanceof ConfigurationError) {
    const located = missingEnvironment(error)
      ? [{ message: `environment: ${message}` }]
      : error.issues?.length
        ? error.issues.map((i) => ({
            message: shortPaths(formatIssue(i)),
            where: i.file ? { file: i.file, line: i.line, column: i.column, field: i.field || undefined } : undefined,
          }))
        : [{ message, where: error.location?.file && existsSync(error.location.file) ? error.location : undefined }];
    return inputProblem
      ? {
          outcome: "invalid",
          status: "❌ invalid input",
          errors: located,
          hint: "Fix the input named above in the workflow's `with:`; nothing was changed.",
        }
      : {
          outcome: "invalid",
          status: "❌ invalid configuration",
          errors: located,
          hint: "Fix the configuration named above; nothing was written.",
        };
  }
  if (reason === "refusal") return { outcome: "refused", status: "⛔ refused", errors: [{ message }] };
  if (kind !== "bug") return { outcome: "failed", status: "❌ failed", errors: [{ message }] };
  return {
    outcome: "failed",
    status: "💥 failed: a bug in Runway",
    errors: [
      {
        message: `this is a bug in Runway, not a problem with your inputs or configuration; please report it with this log${debug() ? "" : " (set RUNWAY_DEBUG=1 for the stack)"}: ${message}`,
      },
    ],
    hint: "This is a bug in Runway. To see the stack, re-run with `RUNWAY_DEBUG: 1` in the step's `env:` (or with step debug logging), and report it.",
  };
}

export async function runAction<I extends object>(spec: ActionSpec<I>): Promise<void> {
  const read = new InputReader();
  const inputs = spec.inputs(read);
  const token = "token" in inputs && typeof inputs.token === "string" ? inputs.token : "";
  if (token) core.setSecret(token);
  const heading = spec.heading(inputs);
  const attempted = spec.attempted(inputs);
  let close: () => Promise<void> = async () => {};
  try {
    read.check();
    const context = actionContext(token);
    close = context.close;
    const result = await spec.run(inputs, context.ctx);
    const outcome =
      result.outputs.outcome || String((result.json as { outcome?: string })?.outcome ?? (result.exitCode ? "failed" : "done"));
    const outputs = { outcome, ...result.outputs };
    setOutputs(outputs);
    const summary =
      result.summary ||
      renderFailureSummary({
        heading,
        status: result.exitCode ? "❌ failed" : "✅ done",
        attempted,
        reason: "(the command reported nothing more)",
        outputs,
      });
    await writeSummary(complete(summary, attempted, outputs, heading));
    if (result.exitCode) {
      core.error(String((result.json as { message?: string })?.message ?? "the command's verdict was negative"));
      process.exitCode = 1;
    }
  } catch (error) {
    const field = error instanceof ConfigurationError && !error.location?.file ? error.location?.field : undefined;
    const verdict = judge(
      error,
      read.problems.length > 0 ||
        (!!field && (read.names as Set<string>).has(field)) ||
        (error instanceof ConfigurationError && missingEnvironment(error)),
    );
    const carried = (error as { outputs?: Record<string, string> }).outputs ?? {};
    const outputs = { outcome: verdict.outcome, ...carried };
    setOutputs(outputs);
    const own = (error as { summary?: string }).summary;
    const reason = shortPaths(error instanceof Error ? error.message : String(error));
    const summary = own
      ? complete(own, attempted, outputs, heading)
      : renderFailureSummary({
          heading,
          status: verdict.status,
          attempted,
          reason: verdict.errors.length > 1 ? verdict.errors.map((e) => e.message).join("\n") : reason,
          hint: verdict.hint,
          outputs,
        });
    await writeSummary(summary).catch(() => undefined);
    for (const e of verdict.errors) actionsLogger.error(e.message, e.where);
    if (verdict.status.startsWith("💥") && debug()) core.info(String((error as Error)?.stack ?? error));
    process.exitCode = 1;
  } finally {
    await close();
  }
}
