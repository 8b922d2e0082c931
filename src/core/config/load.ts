// Finds and reads environment files on disk. Paths come from workflow inputs and the files from
// pull requests, so nothing may lead outside the config directory: not the name, not a symlink.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { type ConfigIssue, ConfigurationError } from "../../shared/errors.js";
import { ENVIRONMENT_NAME } from "./fields.js";
import { configurationError, MAX_FILE_BYTES, type ParsedEnvironment, readEnvironment } from "./parse.js";
import type { Environment } from "./types.js";

export { formatIssue, parseEnvironment } from "./parse.js";

export interface LoadOptions {
  /** When set, the config directory itself must resolve inside this directory (e.g. the workspace). */
  root?: string;
}

const NAME_RULE = "lowercase letters, digits and hyphens, starting with a letter, at most 31 characters";

function isInside(parent: string, child: string, allowSame = false): boolean {
  const path = relative(parent, child);
  if (path === "") return allowSame;
  return !path.startsWith("..") && !isAbsolute(path);
}

async function realOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The real path of the config directory, checked to be a directory (inside `root`, if given). */
async function configDirectory(configDir: string, root?: string): Promise<string> {
  const real = await realOrUndefined(configDir);
  if (!real || !(await stat(real)).isDirectory()) {
    throw new ConfigurationError(`config directory ${configDir} does not exist or is not a directory`, { file: configDir });
  }
  if (root !== undefined) {
    const realRoot = (await realOrUndefined(root)) ?? root;
    if (!isInside(realRoot, real, true)) {
      throw new ConfigurationError(`config directory ${configDir} is outside ${root}`, { file: configDir });
    }
  }
  return real;
}

async function environmentNames(realDir: string): Promise<string[]> {
  const entries = await readdir(realDir);
  return entries.filter((entry) => entry.endsWith(".yaml") && !entry.startsWith(".")).map((entry) => entry.slice(0, -".yaml".length));
}

/** Reads `<configDir>/<name>.yaml`; throws for a file that is missing, outside, odd or too large. */
async function readFromDisk(realDir: string, configDir: string, name: string): Promise<ParsedEnvironment> {
  const file = join(configDir, `${name}.yaml`);
  const fail = (message: string) => new ConfigurationError(`${file}: ${message}`, { file });
  const real = await realOrUndefined(file);
  if (!real) {
    const known = (await environmentNames(realDir)).join(", ") || "none";
    throw fail(`no environment "${name}" in ${configDir} (there is: ${known})`);
  }
  if (!isInside(realDir, real)) throw fail(`is a link to a file outside ${configDir}; environment files must be inside it`);
  const info = await stat(real);
  if (!info.isFile()) throw fail("is not a regular file");
  if (info.size > MAX_FILE_BYTES) throw fail(`is larger than ${MAX_FILE_BYTES / 1024} KiB`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(real));
  } catch {
    throw fail("is not valid UTF-8");
  }
  return readEnvironment(text, file);
}

/** Loads one environment by name from the config directory (e.g. "environments"). */
export async function loadEnvironment(configDir: string, name: string, options: LoadOptions = {}): Promise<Environment> {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new ConfigurationError(`environment name ${JSON.stringify(name)} is not valid: use ${NAME_RULE}`, { field: "environment" });
  }
  const realDir = await configDirectory(configDir, options.root);
  const { environment, issues } = await readFromDisk(realDir, configDir, name);
  if (!environment) throw configurationError(issues);
  return environment;
}

/** The issues an error carries, or one made from its message. */
function issuesOf(error: ConfigurationError): readonly ConfigIssue[] {
  const { file = "", line = 1, column = 1, field = "" } = error.location ?? {};
  return error.issues ?? [{ file, line, column, field, message: error.message }];
}

type Loaded = ParsedEnvironment & { environment: Environment; file: string };

/**
 * Loads every `<name>.yaml` in the config directory and checks that `promotes-from` names an
 * environment there, without a cycle. Reports the problems of all files in one error. The
 * result is in promotion order (dev before qa before prod), then by name.
 */
export async function loadAllEnvironments(configDir: string, options: LoadOptions = {}): Promise<Environment[]> {
  const realDir = await configDirectory(configDir, options.root);
  const issues: ConfigIssue[] = [];
  const loaded = new Map<string, Loaded>();
  const names = new Set<string>(); // every well-named file, valid or not
  for (const entry of (await readdir(realDir)).filter((e) => !e.startsWith(".")).sort()) {
    const file = join(configDir, entry);
    const fileIssue = (message: string) => issues.push({ file, line: 1, column: 1, field: "", message });
    if (entry.endsWith(".yml")) fileIssue("Runway reads only .yaml files: rename it");
    if (!entry.endsWith(".yaml")) continue;
    const name = entry.slice(0, -".yaml".length);
    if (!ENVIRONMENT_NAME.test(name)) {
      fileIssue(`"${name}" is not a valid environment name: use ${NAME_RULE}`);
      continue;
    }
    names.add(name);
    try {
      const parsed = await readFromDisk(realDir, configDir, name);
      if (parsed.environment) loaded.set(name, { ...parsed, environment: parsed.environment, file });
      issues.push(...parsed.issues);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      issues.push(...issuesOf(error));
    }
  }
  if (names.size === 0 && issues.length === 0) {
    throw new ConfigurationError(`no environment files (*.yaml) in ${configDir}`, { file: configDir });
  }
  issues.push(...promotionIssues(loaded, names));
  if (issues.length > 0) throw configurationError(issues);
  return promotionOrder([...loaded.values()].map((item) => item.environment));
}

/** The promotion path that leads from `start` back to itself, if there is one. */
function cycleThrough(start: Environment, loaded: Map<string, Loaded>): string[] | undefined {
  const path = [start.name];
  for (let next = start.promotesFrom; next !== undefined && path.length <= loaded.size; next = loaded.get(next)?.environment.promotesFrom) {
    path.unshift(next);
    if (next === start.name) return path;
  }
  return undefined;
}

function promotionIssues(loaded: Map<string, Loaded>, names: Set<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { environment, file, where } of loaded.values()) {
    const source = environment.promotesFrom;
    if (source === undefined) continue;
    const at = (message: string) => issues.push({ file, ...where(["promotes-from"]), field: "promotes-from", message });
    // A source file that exists but is invalid has its own issues already.
    if (!names.has(source)) at(`no environment "${source}" (there is: ${[...names].join(", ")})`);
    const cycle = cycleThrough(environment, loaded);
    if (cycle) at(`promotion cycle: ${cycle.join(" → ")}`);
  }
  return issues;
}

/** Sorts by the number of promotions from a first environment, then by name. */
function promotionOrder(environments: Environment[]): Environment[] {
  const byName = new Map(environments.map((env) => [env.name, env]));
  const depth = (env: Environment): number => {
    let count = 0;
    for (let at = env.promotesFrom; at !== undefined; at = byName.get(at)?.promotesFrom) count++;
    return count;
  };
  return environments
    .map((env) => ({ env, depth: depth(env) }))
    .sort((a, b) => a.depth - b.depth || a.env.name.localeCompare(b.env.name))
    .map(({ env }) => env);
}
