// Reading an action's inputs without throwing: every input is read and checked first, and the
// problems are reported together, naming each input, before anything else runs. The runner
// passes inputs as INPUT_<NAME> variables (an unset input arrives empty, or as the default that
// action.yml gives it). Each action's reading is actions/<name>/inputs.ts; what several share
// is here, and test/workflows/actionlint.test.ts runs each one to compare what it reads with
// what its action.yml declares.
import { ConfigurationError } from "../shared/errors.js";

/** The name of every input the actions read, as their action.yml files declare it. */
export const INPUT = {
  allow: "allow",
  base: "base",
  candidate: "candidate",
  command: "command",
  commit: "commit",
  configDir: "config-dir",
  dryRun: "dry-run",
  environment: "environment",
  force: "force",
  githubToken: "github-token",
  image: "image",
  migrateBack: "migrate-back",
  pr: "pr",
  projectDir: "project-dir",
  prune: "prune",
  python: "python",
  reason: "reason",
  release: "release",
  settings: "settings",
  sql: "sql",
  to: "to",
} as const;
export type InputName = (typeof INPUT)[keyof typeof INPUT];

/** What GitHub documents for boolean inputs (YAML 1.2 core schema), as core.getBooleanInput reads them. */
export const BOOLEAN_TRUE = ["true", "True", "TRUE"] as const;
export const BOOLEAN_FALSE = ["false", "False", "FALSE"] as const;

export interface InputProblem {
  input: string;
  message: string;
}

export class InputReader {
  readonly problems: InputProblem[] = [];
  /** Every input read: a ConfigurationError whose field is one of them is about an input. */
  readonly names = new Set<InputName>();

  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  /** The raw value, trimmed, as @actions/core reads it (spaces in the name become underscores). */
  raw(name: InputName): string {
    this.names.add(name);
    return (this.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  }

  private problem(input: string, message: string): void {
    this.problems.push({ input, message: `${input}: ${message}` });
  }

  /** A string input; a required one that is empty is a problem, described by `what`. */
  string(name: InputName, options: { required?: boolean; default?: string; what?: string } = {}): string {
    const value = this.raw(name);
    if (!value && options.required) this.problem(name, `is required${options.what ? ` (${options.what})` : ""} but was not given`);
    return value || options.default || "";
  }

  /** A boolean input: exactly true/True/TRUE or false/False/FALSE; empty means the default. */
  boolean(name: InputName, fallback = false): boolean {
    const value = this.raw(name);
    if (value === "") return fallback;
    if ((BOOLEAN_TRUE as readonly string[]).includes(value)) return true;
    if ((BOOLEAN_FALSE as readonly string[]).includes(value)) return false;
    this.problem(
      name,
      `must be true or false (accepted: ${[...BOOLEAN_TRUE, ...BOOLEAN_FALSE].join(", ")}), got ${JSON.stringify(value.slice(0, 80))}`,
    );
    return fallback;
  }

  /** One of a fixed set of words; empty means the default. */
  choice<T extends string>(name: InputName, values: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === "") return fallback;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.problem(name, `must be one of ${values.join(", ")}, got ${JSON.stringify(value.slice(0, 80))}`);
    return fallback;
  }

  /** A list separated by commas, spaces or newlines. */
  list(name: InputName): string[] {
    return this.raw(name)
      .split(/[\s,]+/)
      .filter(Boolean);
  }

  /** Throws one ConfigurationError naming every input at fault (its field is the first one's). */
  check(): void {
    const [first] = this.problems;
    if (!first) return;
    throw new ConfigurationError(this.problems.map((p) => p.message).join("; "), { field: first.input });
  }
}

/** config-dir, and the workspace it must stay inside: what every action that reads environments is given. */
export function configInputs(read: InputReader): { configDir: string; root: string } {
  return { configDir: read.string(INPUT.configDir, { default: "environments" }), root: process.env.GITHUB_WORKSPACE || process.cwd() };
}

/** What deploy, promote and rollback share: dry-run, the configuration, and the token that records the release on GitHub. */
export function releaseInputs(read: InputReader): { dryRun: boolean; configDir: string; root: string; token: string } {
  return { dryRun: read.boolean(INPUT.dryRun), ...configInputs(read), token: read.string(INPUT.githubToken) };
}

/** The migration gate's inputs: the Django project, the findings approved (allow), the interpreter. */
export function gateFields(read: InputReader, projectDir = ""): { projectDir: string; allow: string[]; python: string } {
  return {
    projectDir: read.string(INPUT.projectDir, { default: projectDir }),
    allow: read.list(INPUT.allow),
    python: read.string(INPUT.python, { default: "python3" }),
  };
}

/** The migration gate of a deploy or promotion: off unless project-dir is set (its inputs are read either way). */
export function gateInputs(read: InputReader): { projectDir: string; allow: string[]; python: string } | undefined {
  const gate = gateFields(read);
  return gate.projectDir ? gate : undefined;
}
