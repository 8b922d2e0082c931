import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { LocalSetupError } from "./errors.js";
import { run, tail } from "./run.js";

export interface EnsureVenvOptions {
  requirementsFile: string;
  /**
   * More requirements files installed into the same venv (development tools: ruff, mypy), part of
   * its cache key. The app's own requirements file is installed as it is; without extras the key
   * is the one it always was.
   */
  extraRequirements?: string[];
  /** Defaults to ${XDG_CACHE_HOME:-~/.cache}/runway, outside any clone. */
  cacheRoot?: string;
  log?: (msg: string) => void;
}

export interface Venv {
  python: string;
  binDir: string;
  dir: string;
}

// Written last, so a venv without it is never mistaken for a finished one.
const READY_MARKER = ".runway-ready";

/**
 * Returns a virtualenv with the requirements installed, building it only if
 * no finished one exists for this (requirements, python version) pair.
 */
export async function ensureVenv(opts: EnsureVenvOptions): Promise<Venv> {
  const log = opts.log ?? (() => {});
  const files = [opts.requirementsFile, ...(opts.extraRequirements ?? [])];
  const [requirements, ...extras] = await Promise.all(files.map((file) => readFile(file, "utf8")));
  const version = await pythonVersion();
  const hash = createHash("sha256").update(`${requirements}\0${version}`);
  for (const extra of extras) hash.update(`\0extra\0${extra}`);
  const key = hash.digest("hex").slice(0, 12);
  const root = opts.cacheRoot ?? defaultCacheRoot();
  const dir = join(root, `venv-${key}`);
  const venv = {
    dir,
    binDir: join(dir, "bin"),
    python: join(dir, "bin", "python"),
  };
  if (existsSync(join(dir, READY_MARKER))) return venv;

  await mkdir(root, { recursive: true });
  await removeAbandonedBuilds(root, `venv-${key}`);
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  log(`creating python venv ${dir} (python ${version})`);
  try {
    await build(temp, files, log);
    await relocate(temp, dir);
    await writeFile(join(temp, READY_MARKER), `${version}\n`);
    await publish(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return venv;
}

function defaultCacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg ? xdg : join(homedir(), ".cache"), "runway");
}

async function pythonVersion(): Promise<string> {
  const result = await run("python3", ["-c", "import platform; print(platform.python_version())"]).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    throw new LocalSetupError("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)");
  });
  if (result.code !== 0) {
    throw new LocalSetupError(`python3 does not run:\n${tail(result.stderr)}`);
  }
  return result.stdout.trim();
}

async function build(dir: string, requirementsFiles: string[], log: (msg: string) => void): Promise<void> {
  // The prompt would otherwise name the temporary build dir.
  const prompt = basename(dir).replace(/\.tmp-.*$/, "");
  const venv = await run("python3", ["-m", "venv", "--prompt", prompt, dir]);
  if (venv.code !== 0) {
    throw new LocalSetupError(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):\n${tail(venv.stderr)}`);
  }
  // One pip run: one resolution over every file.
  const args = requirementsFiles.flatMap((file) => ["-r", file]);
  log(`pip install ${args.join(" ")}`);
  const pip = await run(join(dir, "bin", "python"), ["-m", "pip", "install", "--retries", "0", ...args], {
    env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
  });
  if (pip.code !== 0) {
    throw new LocalSetupError(`pip install ${args.join(" ")} failed (exit ${pip.code}):\n${tail(pip.stderr)}`);
  }
}

/**
 * venv bakes its own absolute path into console-script shebangs and the
 * activate scripts; since we build under a temporary name, point them at the
 * final location before publishing or `bin/gunicorn` would break.
 */
async function relocate(from: string, to: string): Promise<void> {
  const binDir = join(from, "bin");
  const files = (await readdir(binDir)).map((name) => join(binDir, name));
  for (const file of [...files, join(from, "pyvenv.cfg")]) {
    const info = await lstat(file);
    if (!info.isFile() || info.size > 1_000_000) continue;
    const text = await readFile(file, "utf8");
    if (text.includes(from)) await writeFile(file, text.replaceAll(from, to));
  }
}

/**
 * Atomic rename into place. Losing a race to a concurrent builder is fine as
 * long as the winner's venv is finished; a leftover unfinished dir (from a
 * layout without the marker) is replaced.
 */
async function publish(temp: string, dir: string): Promise<void> {
  try {
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    if (existsSync(join(dir, READY_MARKER))) return;
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  }
}

/** Deletes temp builds whose builder process is gone (crashed or killed). */
async function removeAbandonedBuilds(root: string, base: string): Promise<void> {
  for (const name of await readdir(root)) {
    const match = name.startsWith(`${base}.tmp-`) ? /^(\d+)-/.exec(name.slice(base.length + 5)) : null;
    if (match?.[1] && !isAlive(Number(match[1]))) {
      await rm(join(root, name), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
