// Reading an action's inputs without throwing: every input is read and checked first, and the
// problems are reported together, naming each input, before anything else runs. The runner
// passes inputs as INPUT_<NAME> variables (an unset input arrives empty, or as the default that
// action.yml gives it).
import { ConfigurationError } from "../shared/errors.js";

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
  readonly names = new Set<string>();

  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  /** The raw value, trimmed, as @actions/core reads it (spaces in the name become underscores). */
  raw(name: string): string {
    this.names.add(name);
    return (this.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  }

  private problem(input: string, message: string): void {
    this.problems.push({ input, message: `${input}: ${message}` });
  }

  /** A string input; a required one that is empty is a problem, described by `what`. */
  string(name: string, options: { required?: boolean; default?: string; what?: string } = {}): string {
    const value = this.raw(name);
    if (!value && options.required) this.problem(name, `is required${options.what ? ` (${options.what})` : ""} but was not given`);
    return value || options.default || "";
  }

  /** A boolean input: exactly true/True/TRUE or false/False/FALSE; empty means the default. */
  boolean(name: string, fallback = false): boolean {
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
  choice<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === "") return fallback;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.problem(name, `must be one of ${values.join(", ")}, got ${JSON.stringify(value.slice(0, 80))}`);
    return fallback;
  }

  /** A list separated by commas, spaces or newlines. */
  list(name: string): string[] {
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
  return { configDir: read.string("config-dir", { default: "environments" }), root: process.env.GITHUB_WORKSPACE || process.cwd() };
}

/** The migration gate of a deploy or promotion: off unless project-dir is set. */
export function gateInputs(read: InputReader): { projectDir: string; allow: string[]; python: string } | undefined {
  return read.string("project-dir")
    ? { projectDir: read.string("project-dir"), allow: read.list("allow"), python: read.string("python", { default: "python3" }) }
    : undefined;
}
