// What a promotion brings: the commits between what the target runs and the candidate, with
// their pull requests, and the migrations among the changed files. GitHub's compare API when a
// token is given; the local git history otherwise; said plainly when neither can tell.
import { simpleGit } from "simple-git";
import type { GitHub } from "../github/client.js";
import { commitsBetween, parsePrNumbers } from "../github/pulls.js";

export interface PromotionCommit {
  sha: string;
  subject: string;
  author: string;
  prNumbers: number[];
}

export interface PromotionDiff {
  base?: string;
  head: string;
  source: "github" | "git" | "none";
  commits: PromotionCommit[];
  migrations: string[];
  note?: string;
}

const MIGRATION = /(^|\/)migrations\/(?!__init__\.py$)[^/]+\.py$/;

async function fromGit(repoDir: string, base: string, head: string): Promise<Pick<PromotionDiff, "commits" | "migrations">> {
  const git = simpleGit(repoDir);
  const log = await git.log({ from: base, to: head });
  const files = await git.diff(["--name-only", base, head]);
  return {
    commits: log.all.map((c) => ({ sha: c.hash, subject: c.message, author: c.author_name, prNumbers: parsePrNumbers(c.message) })),
    migrations: files.split("\n").filter((f) => MIGRATION.test(f)),
  };
}

/** Every migration file in a commit's tree. */
async function migrationsIn(repoDir: string, commit: string): Promise<string[]> {
  const files = await simpleGit(repoDir).raw(["ls-tree", "-r", "--name-only", commit]);
  return files.split("\n").filter((f) => MIGRATION.test(f));
}

export async function promotionDiff(input: { base?: string; head: string; gh?: GitHub; repoDir?: string }): Promise<PromotionDiff> {
  const { base, head } = input;
  if (!base) {
    // Everything is new, so every migration in the candidate's tree comes with it.
    const all = input.repoDir ? await migrationsIn(input.repoDir, head).catch(() => undefined) : undefined;
    return {
      head,
      source: all ? "git" : "none",
      commits: [],
      migrations: all ?? [],
      note: "nothing is live in the target yet: everything is new",
    };
  }
  if (base === head) return { base, head, source: "none", commits: [], migrations: [], note: "the target already runs this commit" };
  const local = input.repoDir ? await fromGit(input.repoDir, base, head).catch((error: Error) => error) : undefined;
  // The diff informs; it never blocks a promotion, so a failing GitHub call falls back to git.
  const remote = input.gh ? await commitsBetween(input.gh, base, head).catch((error: Error) => error) : undefined;
  if (remote && !(remote instanceof Error)) {
    const migrations = local && !(local instanceof Error) ? local.migrations : [];
    const commits = remote.map((c) => ({ sha: c.sha, subject: c.message, author: c.author, prNumbers: c.prNumbers }));
    return {
      base,
      head,
      source: "github",
      commits,
      migrations,
      ...(local instanceof Error ? { note: "migrations: no local history for these commits (use fetch-depth: 0)" } : {}),
    };
  }
  const why = remote instanceof Error ? `GitHub could not compare them (${remote.message})` : "no GitHub token was given";
  if (local && !(local instanceof Error)) return { base, head, source: "git", ...local, ...(remote instanceof Error ? { note: why } : {}) };
  return {
    base,
    head,
    source: "none",
    commits: [],
    migrations: [],
    note: `the commits between ${base.slice(0, 7)} and ${head.slice(0, 7)} are not in the local history (a shallow clone? use fetch-depth: 0) and ${why}`,
  };
}
