// The git pass: which migration files changed between the live commit (base) and the candidate.
// Django records no checksum of an applied migration, so only git can tell that one was edited
// or deleted after it ran.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import { ConfigurationError } from "../../shared/errors.js";

/** A file Django loads as a migration: a module directly in a migrations package, not private. */
export const isMigrationFile = (path: string) => /(^|\/)migrations\/[^/_~][^/]*\.py$/.test(path);

export interface MigrationChanges {
  /** Full commit ids. base is null when nothing is live: every migration is then new. */
  base: string | null;
  candidate: string;
  /** The project directory relative to the repository root ("" at the root, else ending in "/"). */
  prefix: string;
  /** Paths relative to the project directory. Rename targets count as added. */
  added: string[];
  modified: string[];
  /** Deleted files and rename sources. */
  deleted: string[];
  renamed: { from: string; to: string }[];
}

const SHALLOW_HINT = "this clone is shallow: fetch the full history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)";

function gitFor(projectDir: string): SimpleGit {
  if (!existsSync(projectDir)) throw new ConfigurationError(`project directory ${projectDir} does not exist`, { field: "project-dir" });
  return simpleGit({ baseDir: projectDir });
}

async function commitOf(git: SimpleGit, ref: string, role: "base" | "candidate"): Promise<string> {
  if (!ref || ref.startsWith("-")) throw new ConfigurationError(`${role} must be a commit, got ${JSON.stringify(ref)}`, { field: role });
  const sha = await git.revparse(["--verify", "--quiet", `${ref}^{commit}`]).catch(() => "");
  if (sha) return sha.trim();
  const shallow = (await git.revparse(["--is-shallow-repository"]).catch(() => "false")).trim() === "true";
  const why = shallow
    ? SHALLOW_HINT
    : role === "base"
      ? "was the history rewritten? fetch it, or pass --base (input `base`)"
      : "fetch it first";
  throw new ConfigurationError(`the ${role} commit ${ref} is not in this repository; ${why}`, { field: role });
}

/** Parses `git diff --name-status -z`: a status, then one path (two for renames and copies). */
function parseNameStatus(text: string): { status: string; paths: string[] }[] {
  const tokens = text.split("\0").filter((t) => t !== "");
  const entries: { status: string; paths: string[] }[] = [];
  for (let i = 0; i < tokens.length; ) {
    const status = tokens[i++] as string;
    const count = /^[RC]/.test(status) ? 2 : 1;
    entries.push({ status, paths: tokens.slice(i, i + count) });
    i += count;
  }
  return entries;
}

export async function migrationChanges(projectDir: string, base: string | null, candidate: string): Promise<MigrationChanges> {
  const git = gitFor(projectDir);
  const prefix = await git.revparse(["--show-prefix"]).catch(() => {
    throw new ConfigurationError(`${projectDir} is not inside a git repository: the gate compares migrations between commits`, {
      field: "project-dir",
    });
  });
  const head = await commitOf(git, candidate, "candidate");
  const changes: MigrationChanges = {
    base: null,
    candidate: head,
    prefix: prefix.trim(),
    added: [],
    modified: [],
    deleted: [],
    renamed: [],
  };
  if (!base) {
    const files = await git.raw(["ls-tree", "-r", "-z", "--name-only", head]);
    changes.added = files.split("\0").filter(isMigrationFile);
    return changes;
  }
  changes.base = await commitOf(git, base, "base");
  // --relative: only the project directory, with paths relative to it, as Django sees them.
  const diff = await git.raw(["diff", "--name-status", "-z", "-M", "--relative", "--no-ext-diff", changes.base, head]);
  for (const { status, paths } of parseNameStatus(diff)) sortChange(changes, status, paths);
  return changes;
}

function sortChange(changes: MigrationChanges, status: string, paths: string[]): void {
  const [first, second] = paths as [string, string | undefined];
  if (status.startsWith("R") && second) {
    if (isMigrationFile(first)) changes.deleted.push(first);
    if (isMigrationFile(second)) changes.added.push(second);
    if (isMigrationFile(first) || isMigrationFile(second)) changes.renamed.push({ from: first, to: second });
    return;
  }
  const path = second ?? first;
  if (!isMigrationFile(path)) return;
  if (status === "A" || status.startsWith("C")) changes.added.push(path);
  else if (status === "D") changes.deleted.push(path);
  else changes.modified.push(path);
}

/** The base's version of each modified file, so the helper can tell a comment-only edit. */
export async function baseSources(projectDir: string, changes: MigrationChanges): Promise<{ file: string; base: string }[]> {
  if (!changes.base) return [];
  const git = gitFor(projectDir);
  return Promise.all(changes.modified.map(async (file) => ({ file, base: await git.show([`${changes.base}:${changes.prefix}${file}`]) })));
}

/**
 * The candidate's project directory on disk: the checkout itself when it is at the candidate,
 * else an export of the candidate's tree (through a private index, so the repository's own
 * index and work tree are untouched). The Django pass imports the candidate's code.
 */
export async function candidateTree(
  projectDir: string,
  changes: MigrationChanges,
  env: Record<string, string | undefined>,
): Promise<{ dir: string; exported: boolean }> {
  const git = gitFor(projectDir);
  if ((await git.revparse(["HEAD"]).catch(() => "")).trim() === changes.candidate) return { dir: projectDir, exported: false };
  // From the top level: in a subdirectory, checkout-index -a writes only that subdirectory's entries.
  const top = (await git.revparse(["--show-toplevel"])).trim();
  const dir = await mkdtemp(join(tmpdir(), "runway-candidate-"));
  try {
    const exporter = simpleGit({ baseDir: top, allowEnvironment: ["GIT_INDEX_FILE"] }).env({
      ...localGitEnv(env),
      GIT_INDEX_FILE: join(dir, ".index"),
    });
    const tree = changes.prefix ? `${changes.candidate}:${changes.prefix}` : `${changes.candidate}^{tree}`;
    await exporter.raw(["read-tree", tree]);
    await exporter.raw(["checkout-index", "-a", "-f", `--prefix=${dir}/`]);
    await rm(join(dir, ".index"), { force: true });
    return { dir, exported: true };
  } catch (error) {
    // Nothing is left behind in TMPDIR when the export fails.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The environment for a local git command run with an explicit env: the caller's, without the
 * variables simple-git's guard refuses when passed explicitly (every GIT_*, and EDITOR, PAGER,
 * VISUAL, PREFIX, SSH_ASKPASS). A runner sets some of them (GIT_SSL_CAINFO, GIT_TERMINAL_PROMPT);
 * none matters to reading a tree from the local object store, and none may crash the gate.
 */
export function localGitEnv(env: Record<string, string | undefined>): Record<string, string> {
  const refused = new Set(["editor", "pager", "visual", "prefix", "ssh_askpass"]);
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const name = key.toLowerCase().trim();
    if (value === undefined || name.startsWith("git_") || refused.has(name)) continue;
    kept[key] = value;
  }
  return kept;
}
