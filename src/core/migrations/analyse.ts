// The gate's analysis: git pass, Django pass, SQL pass, classification and policy, in that order.
// Everything it needs is passed in (processes through `runner`, no process.env), so the deploy
// and promote hooks call it exactly as `runway migrations check` does.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, Logger } from "../../shared/runtime.js";
import { conflicts, editedOrDeleted, missing } from "./broken.js";
import { classifyPlan } from "./classify.js";
import { type DjangoProcess, djangoPass, startDjango } from "./django.js";
import { baseSources, candidateTree, type MigrationChanges, migrationChanges } from "./git.js";
import { dedupe, type Hit } from "./hits.js";
import { type Acknowledgements, acknowledgements, decide, EVERY_RULE, judge, LINTER_IGNORE } from "./policy.js";
import { RULES } from "./rules.js";
import type { Runner } from "./runner.js";
import { type SquawkCommand, sqlPass } from "./sql.js";
import type { Approvals, Category, DjangoFacts, GatePolicy, GateReport, PlanEntry } from "./types.js";

export interface AnalyseInput {
  /** The Django project directory inside a git checkout. */
  projectDir: string;
  candidate: string;
  /** The live commit; null when nothing is live (every migration is then new). */
  base: string | null;
  policy: GatePolicy;
  approvals: Approvals;
  /** The Python that has the project's requirements installed. */
  python: string;
  settings?: string;
  /** The environment of the Python process (PATH, the app's settings variables). */
  env: Record<string, string | undefined>;
  /** PostgreSQL for the SQL pass; the settings' own database when absent. */
  databaseUrl?: string;
  /** Run the SQL pass (default true). Without it only the Django pass's rules apply. */
  sql?: boolean;
  /**
   * The helper's process, when the caller started it earlier (startDjango with the same python,
   * project directory and env) so that Python's start-up overlaps its own. Disposed of here.
   */
  django?: Promise<DjangoProcess>;
}

export interface AnalyseDeps {
  logger: Logger;
  clock: Clock;
  runner: Runner;
  squawk: SquawkCommand;
}

export interface GateStats {
  django: string;
  postgres: string | null;
  gitMs: number;
  djangoMs: number;
  sqlMs: number;
  /** Peak resident memory of the Python process. */
  pythonMaxRssKb: number;
  /** Where the time went (ms), in order: see timingLine. */
  parts: Record<string, number>;
}

/** The report, with what it cost (for logs and the benchmark; not part of the JSON report). */
export type GateAnalysis = GateReport & { stats: GateStats };

export async function analyseMigrations(input: AnalyseInput, deps: AnalyseDeps): Promise<GateAnalysis> {
  // Time since this process started: Node's start-up, module loading, the command's set-up.
  const startMs = performance.now();
  const timer = stopwatch(deps.clock);
  // Python starts now (unless the caller started it earlier) and loads Django's own modules
  // while git works out what changed.
  const python = await (input.django ?? startDjango({ python: input.python, cwd: input.projectDir, env: input.env }, deps.runner));
  const scratch = python.scratch;
  let tree: { dir: string; exported: boolean } | undefined;
  try {
    const changes = await migrationChanges(input.projectDir, input.base, input.candidate);
    logChanges(deps.logger, changes);
    let gitMs = timer.lap();
    tree = await candidateTree(input.projectDir, changes, input.env);
    const candidateDir = tree.dir;
    gitMs += timer.lap();
    const facts = await deps.logger.group("Django pass", () => runDjango(input, changes, candidateDir, python));
    const djangoMs = timer.lap();
    const squawkMs = { ms: 0 };
    const hits = await findHits(input, deps, changes, facts, scratch, squawkMs);
    const findings = judge(hits, input.policy, input.approvals, await readAcknowledgements(candidateDir, facts, hits), changes.prefix);
    const sqlMs = timer.lap();
    const parts = { start: startMs, git: gitMs, ...facts.timings, squawk: squawkMs.ms, rules: sqlMs - squawkMs.ms };
    deps.logger.info(timingLine(parts, djangoMs, facts.maxRssKb));
    const stats = { django: facts.django, postgres: facts.postgres, gitMs, djangoMs, sqlMs, pythonMaxRssKb: facts.maxRssKb, parts };
    return {
      decision: decide(findings),
      base: changes.base,
      candidate: changes.candidate,
      plan: planEntries(facts, hits, changes.prefix),
      findings,
      leaves: facts.leaves,
      stats,
    };
  } finally {
    await python.dispose(); // also stops it if the request was never sent (the git pass failed)
    if (tree?.exported) await rm(tree.dir, { recursive: true, force: true });
  }
}

function stopwatch(clock: Clock): { lap(): number } {
  let last = clock.now().getTime();
  return {
    lap: () => {
      const now = clock.now().getTime();
      const ms = now - last;
      last = now;
      return ms;
    },
  };
}

/** Every pass's hits, the Django pass's first, so that its wording wins over squawk's. */
async function findHits(
  input: AnalyseInput,
  deps: AnalyseDeps,
  changes: MigrationChanges,
  facts: DjangoFacts,
  scratch: string,
  squawk: { ms: number },
): Promise<Hit[]> {
  const { hits: operations, context } = classifyPlan(facts.plan);
  const sqlDeps = { runner: deps.runner, squawk: deps.squawk, dir: scratch };
  const started = performance.now();
  const sql =
    input.sql !== false && facts.postgres
      ? await deps.logger.group("SQL pass (squawk)", () => sqlPass(facts.plan, context, facts.postgres, sqlDeps))
      : [];
  squawk.ms = performance.now() - started;
  reportGaps(deps.logger, facts);
  const planned = new Set(facts.plan.map((m) => `${m.app}.${m.name}`));
  return withoutOverlaps(
    dedupe([...conflicts(facts, planned), ...missing(facts), ...editedOrDeleted(changes, facts), ...operations, ...sql]),
  );
}

/** One line saying where the time went, for logs and the benchmark (which parses it). */
function timingLine(parts: Record<string, number>, djangoMs: number, maxRssKb: number): string {
  const text = Object.entries(parts).map(([name, ms]) => `${name} ${Math.round(ms)}`);
  return `gate timings (ms): ${text.join(", ")}; django pass ${Math.round(djangoMs)}; python peak memory ${Math.round(maxRssKb / 1024)} MB`;
}

function logChanges(logger: Logger, changes: MigrationChanges): void {
  const base = changes.base ? changes.base.slice(0, 12) : "nothing live: every migration is new";
  const counts = (["added", "modified", "deleted"] as const).map((k) => `${changes[k].length} ${k}`).join(", ");
  logger.info(`base ${base} → candidate ${changes.candidate.slice(0, 12)}: ${counts} migration files`);
}

async function runDjango(input: AnalyseInput, changes: MigrationChanges, dir: string, python: DjangoProcess): Promise<DjangoFacts> {
  const pass = {
    dir,
    prefix: changes.prefix,
    python: input.python,
    settings: input.settings,
    env: input.env,
    databaseUrl: input.databaseUrl,
    sql: input.sql !== false,
    newFiles: changes.base ? changes.added : null,
    deletedFiles: changes.deleted,
    modified: await baseSources(input.projectDir, changes),
  };
  return djangoPass(pass, python);
}

/** What the gate could not see is said, not silently skipped. */
function reportGaps(logger: Logger, facts: DjangoFacts): void {
  if (facts.missingError) logger.warn(`could not check for missing migrations: ${facts.missingError}`);
  for (const m of facts.plan) {
    if (m.sqlError) logger.warn(`${m.app}.${m.name}: SQL not collected: ${m.sqlError}`);
    for (const u of m.units) {
      // A concurrent operation in an atomic migration fails by design; RW005 reports it.
      if (u.sqlError && !/Concurrently$/.test(u.type)) logger.warn(`${m.app}.${m.name}: no SQL for "${u.description}": ${u.sqlError}`);
    }
  }
}

/** squawk calls an unvalidated foreign key or a unique constraint a missing NOT VALID too; one finding says it. */
function withoutOverlaps(hits: Hit[]): Hit[] {
  const at = (h: Hit) => `${h.app}.${h.migration}#${h.unit}`;
  const covered = new Set(hits.filter((h) => h.rule === RULES.foreignKey || h.rule === RULES.unique).map(at));
  return hits.filter((h) => !(h.rule === RULES.check && covered.has(at(h))));
}

/**
 * The acknowledgements in every file a hit is on (a planned migration, an edited one, a model
 * for a missing migration), and django-migration-linter's IgnoreMigration() in a planned one.
 */
async function readAcknowledgements(dir: string, facts: DjangoFacts, hits: Hit[]): Promise<Map<string, Acknowledgements>> {
  const files = [...new Set([...facts.plan.map((m) => m.file), ...hits.map((h) => h.file)])].filter(Boolean);
  const entries = await Promise.all(
    files.map(async (file) => [file, acknowledgements(await readFile(join(dir, file), "utf8").catch(() => ""))] as const),
  );
  const acks = new Map(entries);
  for (const m of facts.plan) {
    if (m.units.some((u) => u.type === "IgnoreMigration" && u.module.startsWith("django_migration_linter")))
      acks.get(m.file)?.set(EVERY_RULE, LINTER_IGNORE);
  }
  return acks;
}

function planEntries(facts: DjangoFacts, hits: Hit[], prefix: string): PlanEntry[] {
  return facts.plan.map((m) => {
    const categories = new Set<Category>(hits.filter((h) => h.app === m.app && h.migration === m.name).map((h) => h.rule.category));
    return {
      app: m.app,
      name: m.name,
      file: `${prefix}${m.file}`,
      reversible: m.units.every((u) => u.reversible),
      categories: [...categories].sort(),
    };
  });
}
