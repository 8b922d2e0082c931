// The demo's stage: a real Django app in a git repository, a virtualenv to run it, one
// throwaway PostgreSQL with a database per environment, and a workspace holding the shipped
// environment files pointed at those databases. Everything is removed by stop().
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { type LocalPostgres, startPostgres } from "../local/postgres.js";
import { ensureVenv, type Venv } from "../local/python.js";

export const FIXTURE = resolve("test/fixtures/django-app");
export const ENVIRONMENTS = ["dev", "qa", "prod"] as const;
const REGISTRY = "asia-northeast3-docker.pkg.dev/demo-project/app/web";

export interface Stage {
  venv: Venv;
  pg: LocalPostgres;
  repo: { dir: string; git: SimpleGit };
  workspace: string;
  temp: string;
  stop(): Promise<void>;
}

/** Each environment's service and jobs read their own database, as separate projects would. */
function pointAtDatabase(yaml: string, env: string): string {
  return yaml.replace(/^ {2}env:\n/m, `  env:\n    PGDATABASE: runway_${env}\n`);
}

export async function setUpStage(log: (line: string) => void): Promise<Stage> {
  const temp = mkdtempSync(join(tmpdir(), "runway-demo-"));
  const venv = await ensureVenv({ requirementsFile: join(FIXTURE, "requirements.txt"), log });
  const pg = await startPostgres({ log });
  try {
    for (const env of ENVIRONMENTS) await pg.createDatabase(`runway_${env}`);
    const dir = join(temp, "app");
    cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !src.includes("__pycache__") });
    const git = simpleGit(dir);
    await git.init(["--initial-branch=main"]).addConfig("user.email", "demo@runway.local").addConfig("user.name", "Runway demo");
    await git.add(".").commit("Initial shop app");
    // The workspace is the app's checkout, as on a runner: promote reads the commits between
    // releases (and their migrations) from its git history. The environment files stay out of it.
    const workspace = dir;
    cpSync("environments", join(workspace, "environments"), { recursive: true });
    appendFileSync(join(dir, ".git", "info", "exclude"), "/environments/\n");
    for (const env of ENVIRONMENTS) {
      const file = join(workspace, "environments", `${env}.yaml`);
      writeFileSync(file, pointAtDatabase(readFileSync(file, "utf8"), env));
    }
    return {
      venv,
      pg,
      repo: { dir, git },
      workspace,
      temp,
      async stop() {
        await pg.stop();
        rmSync(temp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

/** An "image" is a checkout of one commit; its digest is derived from the commit. */
export function imageFor(commit: string): string {
  return `${REGISTRY}@sha256:${createHash("sha256").update(commit).digest("hex")}`;
}
