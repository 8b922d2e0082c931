// `runway migrations check` and actions/migration-gate: resolve the base (the ledger, unless
// given), the approvals (input and pull request label), the tools (python, squawk), then run the
// core analysis and show its report.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnvironment } from "../core/config/load.js";
import type { Environment } from "../core/config/types.js";
import {
  analyseMigrations,
  announceFindings,
  type GateAnalysis,
  type GatePolicy,
  oneLine,
  reportJson,
  type SquawkCommand,
} from "../core/migrations/index.js";
import type { DjangoProcess } from "../core/migrations/django.js";
import { inStep } from "../core/timeline.js";
import { renderGateSummary } from "../present/summary/index.js";
import { gateReportText } from "../present/terminal/index.js";
import { run } from "../local/run.js";
import type { CommandContext, CommandResult } from "./context.js";
import { runDeps } from "./run-context.js";

/** The squawk-cli version package.json depends on (exactly: the lockfile pins its integrity). */
export const SQUAWK_VERSION = "2.61.0";

export interface MigrationsCheckInput {
  environment: string;
  candidate: string;
  /** Overrides the live commit from the ledger. */
  base?: string;
  projectDir: string;
  configDir: string;
  /** The workspace: config-dir and project-dir are relative to it, and config-dir stays inside it. */
  root?: string;
  /** Rule ids or categories approved. */
  allow: string[];
  python?: string;
  settings?: string;
  /** false skips the SQL pass (no PostgreSQL at hand). */
  sql?: boolean;
  /** The pull request of the triggering event, whose labels may approve. */
  pullRequest?: number;
  summaryStyle?: "markdown" | "text";
  /** The Django helper's process, started early by the caller (see AnalyseInput.django). */
  django?: Promise<DjangoProcess>;
}

// What an environment without a `migrations` section gets: the schema's defaults.
const DEFAULT_POLICY: GatePolicy = {
  policy: { expand: "allow", contract: "warn", locking: "warn", irreversible: "warn" },
  approvalLabel: "runway/allow-migrations",
};

/** "RW101, contract" → ["RW101", "contract"]: the allow input and flag take commas or spaces. */
export const splitList = (text: string) => text.split(/[\s,]+/).filter(Boolean);

const gatePolicy = (env: Environment): GatePolicy =>
  env.migrations ? { policy: env.migrations.policy, approvalLabel: env.migrations.approvalLabel } : DEFAULT_POLICY;

export interface GateOptions {
  projectDir: string;
  allow: string[];
  python?: string;
  settings?: string;
  sql?: boolean;
  pullRequest?: number;
  django?: Promise<DjangoProcess>;
}

/** The gate for one candidate against one base, with the tools and approvals resolved. */
export async function analyseFor(
  env: Environment,
  options: GateOptions & { candidate: string; base: string | null },
  ctx: CommandContext,
): Promise<GateAnalysis> {
  const databaseUrl = ctx.env.DATABASE_URL || undefined;
  if (databaseUrl) maskDatabaseUrl(databaseUrl, ctx);
  return analyseMigrations(
    {
      projectDir: options.projectDir,
      candidate: options.candidate,
      base: options.base,
      policy: gatePolicy(env),
      approvals: { allow: options.allow, labels: await pullRequestLabels(ctx, options.candidate, options.pullRequest) },
      python: options.python || ctx.env.RUNWAY_PYTHON || "python3",
      settings: options.settings,
      env: ctx.env,
      databaseUrl,
      sql: options.sql,
      django: options.django,
    },
    { logger: ctx.logger, clock: ctx.clock, runner: run, squawk: squawkCommand(ctx.env) },
  );
}

export async function migrationsCheckCommand(input: MigrationsCheckInput, ctx: CommandContext): Promise<CommandResult> {
  const root = input.root ?? ".";
  const env = await loadEnvironment(resolve(root, input.configDir), input.environment, { root: input.root });
  const base = input.base ?? (await inStep(`read the release live in ${env.name}`, () => ledgerBase(env, ctx)));
  const report = await analyseFor(env, { ...input, projectDir: resolve(root, input.projectDir), base }, ctx);
  announceFindings(report.findings, ctx.logger);
  const line = oneLine(report, env.name);
  return {
    outputs: {
      outcome: report.decision === "block" ? "blocked" : "passed",
      decision: report.decision,
      findings: JSON.stringify(report.findings),
      summary: line,
    },
    summary: input.summaryStyle === "text" ? gateReportText(report, env.name) : renderGateSummary(report, env.name),
    json: { ...reportJson(report), message: line },
    exitCode: report.decision === "block" ? 1 : 0,
  };
}

async function ledgerBase(env: Environment, ctx: CommandContext): Promise<string | null> {
  // Loaded only here: the ledger needs the Cloud Run client, a check given --base does not.
  const { liveCommit } = await import("../core/migrations/base.js");
  const commit = await liveCommit(env, runDeps(ctx));
  ctx.logger.info(
    commit ? `base: ${commit.slice(0, 12)}, live in ${env.name}` : `base: nothing is live in ${env.name}, so every migration is new`,
  );
  return commit;
}

function maskDatabaseUrl(url: string, ctx: CommandContext): void {
  ctx.logger.secret(url);
  try {
    ctx.logger.secret(decodeURIComponent(new URL(url).password));
  } catch {}
}

/**
 * The labels of the pull request that brought the candidate: the event's own PR when there is
 * one (its merge commit is not associated with it), else the PR GitHub associates with the
 * commit. Best effort: without them, require-approval findings simply stay unapproved.
 */
async function pullRequestLabels(ctx: CommandContext, candidate: string, pullRequest?: number): Promise<string[]> {
  if (!ctx.github) return [];
  // Octokit is loaded only when there is a pull request to ask.
  const { githubFor } = await import("./run-context.js");
  const gh = githubFor(ctx);
  if (!gh) return [];
  const { octokit, owner, repo } = gh;
  try {
    if (pullRequest) {
      const labels = await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: pullRequest, per_page: 100 });
      return labels.data.map((l) => l.name);
    }
    const pulls = (await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: candidate })).data;
    const pull = pulls.find((p) => p.merge_commit_sha === candidate && p.merged_at) ?? pulls.find((p) => p.state === "open") ?? pulls[0];
    return (pull?.labels ?? []).map((l) => l.name);
  } catch (error) {
    ctx.logger.warn(`could not read the pull request's labels, so none approves: ${(error as Error).message}`);
    return [];
  }
}

/**
 * squawk's binary ships in the platform package of squawk-cli, a dependency of Runway pinned in its
 * lockfile: it is resolved from Runway's own node_modules (a development checkout, or the
 * `npm ci --omit=dev` the workflows run in the `.runway` checkout, which verifies each package's
 * integrity), never from the project under check and never fetched at run time. RUNWAY_SQUAWK names
 * another binary. When none is found, the SQL pass fails saying so (see `missing`): the gate does
 * not quietly drop a pass the environment's policy relies on; `sql: false` turns it off openly.
 */
export function squawkCommand(env: Record<string, string | undefined>, from: string = import.meta.url): SquawkCommand {
  if (env.RUNWAY_SQUAWK) return { command: env.RUNWAY_SQUAWK, args: [] };
  const binary = `@squawk-cli/${process.platform}-${process.arch}/bin/squawk${process.platform === "win32" ? ".exe" : ""}`;
  try {
    return { command: createRequire(from).resolve(binary), args: [] };
  } catch {
    const missing =
      `squawk is not installed next to Runway: ${binary} (squawk-cli ${SQUAWK_VERSION}, a dependency in Runway's lockfile) ` +
      `was not found from ${fileURLToPath(from)}. Run \`npm ci --omit=dev\` in Runway's checkout (the workflows do, in .runway), ` +
      "set RUNWAY_SQUAWK to a squawk binary, or turn the SQL pass off with `sql: false`.";
    return { command: "", args: [], missing };
  }
}
