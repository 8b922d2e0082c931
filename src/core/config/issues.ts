// Turns zod's issues into messages for a person editing YAML, each with its field path.
import type { z } from "zod";
import type { FieldPath } from "./locate.js";

export interface FieldIssue {
  path: FieldPath;
  message: string;
  /** Locate the last path segment at its key (the key itself is the problem). */
  atKey: boolean;
}

const KINDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
};

function describe(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return String(value);
}

/** zod's default messages, reworded; passed to safeParse so schema-specific messages still win. */
export function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      const hint = issue.expected === "string" && ["number", "boolean"].includes(typeof issue.input) ? ` (quote it: "${issue.input}")` : "";
      return `must be ${KINDS[issue.expected] ?? issue.expected}, not ${describe(issue.input)}${hint}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, not ${describe(issue.input)}`;
    case "too_small":
      if (issue.origin === "array") return `must have at least ${issue.minimum} item(s)`;
      if (issue.origin === "string")
        return Number(issue.minimum) === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `must have at most ${issue.maximum} item(s)`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/** One FieldIssue per zod issue; parsed with `reportInput` so that a missing key reads "is required". */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    if (issue.code === "invalid_type" && issue.input === undefined) return { path: issue.path, message: "is required", atKey: false };
    if (issue.code === "unrecognized_keys") return { path: [...issue.path, issue.keys[0]!], message: issue.message, atKey: true };
    if (issue.code === "invalid_key") return { path: issue.path, message: issue.issues[0]?.message ?? issue.message, atKey: true };
    return { path: issue.path, message: issue.message, atKey: false };
  });
}
