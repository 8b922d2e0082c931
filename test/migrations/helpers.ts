// Git histories of the Django fixture, one clone per scenario, and the gate run against the
// shared venv and the file's one throwaway PostgreSQL. Nothing is mocked.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll } from "vitest";
import { squawkCommand } from "../../src/commands/migrations.js";
import {
  type AnalyseInput,
  analyseMigrations,
  type GateAnalysis,
  type GatePolicy,
  type SquawkCommand,
} from "../../src/core/migrations/index.js";
import { MemoryLogger, systemClock } from "../../src/shared/runtime.js";
import type { Stage } from "../../src/demo/stage.js";
import { type LocalPostgres, startPostgres } from "../../src/local/postgres.js";
import { ensureVenv, type Venv } from "../../src/local/python.js";
import { run } from "../../src/local/run.js";

export const FIXTURE = fileURLToPath(new URL("../fixtures/django-app/", import.meta.url));

export const PROD: GatePolicy = {
  policy: { expand: "allow", contract: "require-approval", locking: "require-approval", irreversible: "block" },
  approvalLabel: "runway/allow-migrations",
};
export const DEV: GatePolicy = {
  policy: { expand: "allow", contract: "allow", locking: "allow", irreversible: "allow" },
  approvalLabel: "runway/allow-migrations",
};
export const QA: GatePolicy = {
  policy: { expand: "allow", contract: "warn", locking: "warn", irreversible: "warn" },
  approvalLabel: "runway/allow-migrations",
};

// Every temp dir the file made, removed with its PostgreSQL at the end.
const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Runway Test",
  GIT_AUTHOR_EMAIL: "test@runway.invalid",
  GIT_COMMITTER_NAME: "Runway Test",
  GIT_COMMITTER_EMAIL: "test@runway.invalid",
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV },
    encoding: "utf8",
  }).trim();
}

/** Writes files (null deletes one) relative to dir. */
export function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    if (text === null) rmSync(file, { force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
}

export function commit(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/** A repository holding the fixture at `sub` (the root by default), committed once: the live release. */
export function baseRepo(sub = ""): { dir: string; base: string } {
  const dir = tempDir("runway-gate-repo-");
  cpSync(FIXTURE, join(dir, sub), { recursive: true, filter: (src) => !src.includes("__pycache__") });
  git(dir, "init", "-q");
  return { dir, base: commit(dir, "the live release") };
}

export interface Scenario {
  dir: string;
  base: string;
  candidate: string;
}

/** A copy of the base repository with one more commit: the candidate. */
export function scenario(repo: { dir: string; base: string }, files: Record<string, string | null>, sub = ""): Scenario {
  const dir = tempDir("runway-gate-case-");
  cpSync(repo.dir, dir, { recursive: true });
  writeFiles(join(dir, sub), files);
  return { dir, base: repo.base, candidate: commit(dir, "the candidate") };
}

/** One venv and one PostgreSQL for the whole test file. */
/** Where release images are built from a repository: the shared venv and PostgreSQL, nothing to stop. */
export function stageIn(django: { venv: Venv; pg: LocalPostgres }, repoDir: string): Stage {
  return {
    venv: django.venv,
    pg: django.pg,
    repo: { dir: repoDir, git: simpleGit(repoDir) },
    workspace: "",
    temp: tempDir("runway-img-"),
    stop: async () => undefined,
  };
}

export function useDjango(): { venv: Venv; pg: LocalPostgres } {
  const env = {} as { venv: Venv; pg: LocalPostgres };
  beforeAll(async () => {
    env.venv = await ensureVenv({ requirementsFile: join(FIXTURE, "requirements.txt") });
    env.pg = await startPostgres();
  }, 300_000);
  afterAll(async () => {
    await env.pg?.stop();
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }, 30_000);
  return env;
}

/** The child's environment: only what a runner would have, never the caller's DATABASE_URL. */
export const childEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8" });

export async function gate(
  django: { venv: Venv; pg: LocalPostgres },
  s: { dir: string; base: string | null; candidate: string },
  options: Partial<AnalyseInput> = {},
  squawk: SquawkCommand = squawkCommand({}),
): Promise<GateAnalysis & { logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  const input: AnalyseInput = {
    projectDir: s.dir,
    candidate: s.candidate,
    base: s.base,
    policy: PROD,
    approvals: { allow: [], labels: [] },
    python: django.venv.python,
    env: childEnv(),
    databaseUrl: django.pg.url,
    ...options,
  };
  const report = await analyseMigrations(input, { logger, clock: systemClock, runner: run, squawk });
  return { ...report, logger };
}

/** The rules found, with their resolution: the short form the assertions compare. */
export const rulesOf = (report: { findings: { rule: string; resolution: string }[] }) =>
  report.findings.map((f) => `${f.rule}:${f.resolution}`).sort();
