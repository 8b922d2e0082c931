// Runway's one error taxonomy. Every error is one of four kinds, and classify() is the only
// place that decides which: the CLI's exit code and message, an action's verdict, and whether a
// step wraps an error with its name all ask it.
//
//   user       the user's to act on: a mistake in the input or config (reason "usage"), a refusal
//              ("refusal"), a machine or account not set up ("setup"), or a command that ran and
//              failed for a stated reason ("failure", e.g. a failed rollout or an API's answer);
//   conflict   someone else changed the same thing meanwhile (an etag moved, a name was taken);
//   transient  it may work if tried again (UNAVAILABLE, DEADLINE_EXCEEDED, a lost connection);
//   bug        anything else: a bug in Runway, reported with a request to report it.
//
// Runway's own errors say their kind in a `kind` property, not by their class: the bundles carry
// one copy of each class per chunk, so instanceof cannot be trusted across them. The ports (src/gcp,
// src/github) map their libraries' errors (gRPC codes, HTTP statuses) into kinds at their boundary
// with markKind().

export type ErrorKind = "user" | "conflict" | "transient" | "bug";
export type UserReason = "usage" | "refusal" | "setup" | "failure";

export interface Classification {
  kind: ErrorKind;
  /** For a user error: what kind of thing the user is to do. */
  reason?: UserReason;
  /** A library's error that a port marked: its message is the library's, not written for people. */
  library: boolean;
}

/** One problem in a file the user gave us, with its place (1-based line and column). */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** The field path, e.g. "rollout.steps[1].percent"; "" when the problem is the file itself. */
  field: string;
  message: string;
}

/** The base of the user's errors: reported as their message, never a stack. */
export class UserError extends Error {
  readonly kind: ErrorKind = "user";
  constructor(
    message: string,
    readonly reason: UserReason = "failure",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UserError";
  }
}

/** A mistake in what the user gave us (config, input, arguments): reported plainly, never a stack. */
export class ConfigurationError extends UserError {
  constructor(
    message: string,
    /** Where it is: a file, with line and column when known, and the field path. */
    readonly location?: { file?: string; line?: number; column?: number; field?: string },
    /** Every problem found, when there were several (location is the first one's). */
    readonly issues?: readonly ConfigIssue[],
  ) {
    super(message, "usage");
    this.name = "ConfigurationError";
  }
}

/** Runway declined to act for a stated reason (a freeze, an unhealthy source): not a bug. */
export class RefusalError extends UserError {
  constructor(message: string) {
    super(message, "refusal");
    this.name = "RefusalError";
  }
}

/**
 * What Runway runs in is not set up: no Google Cloud credentials, an API it cannot reach. The
 * message says what to do (log in, start the emulator, check the network): not a bug.
 */
export class EnvironmentError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "setup", options);
    this.name = "EnvironmentError";
  }
}

/** Someone else changed what Runway was about to change (another rollout, a concurrent edit). */
export class ConflictError extends Error {
  readonly kind: ErrorKind = "conflict";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConflictError";
  }
}

/** The error classes of JavaScript itself: one of them is a bug wherever it is wrapped. */
const PROGRAMMING_ERRORS = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError", "EvalError", "URIError"]);
const KINDS = new Set<unknown>(["user", "conflict", "transient", "bug"]);
const BUG: Classification = { kind: "bug", library: false };

/** Marks a library's error with its kind (and, for a user error, its reason), as a port maps it. */
export function markKind<E>(error: E, kind: ErrorKind, reason?: UserReason): E {
  if (error && typeof error === "object" && !("kind" in error)) {
    Object.defineProperties(error, {
      kind: { value: kind, enumerable: false, configurable: true },
      reason: { value: reason, enumerable: false, configurable: true },
      fromLibrary: { value: true, enumerable: false, configurable: true },
    });
  }
  return error;
}

/**
 * Which kind an error is. A user error that wraps a TypeError (a failed step whose cause is a
 * bug) is a bug, not a failed rollout.
 */
export function classify(error: unknown): Classification {
  if (!(error instanceof Error)) return BUG;
  // node:util parseArgs throws TypeErrors, with a code: the user's mistake all the same.
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return { kind: "user", reason: "usage", library: true };
  if (PROGRAMMING_ERRORS.has(error.name)) return BUG;
  const { kind, reason, fromLibrary } = error as { kind?: unknown; reason?: UserReason; fromLibrary?: boolean };
  if (!KINDS.has(kind)) return BUG;
  let cause = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++, cause = cause.cause) {
    if (PROGRAMMING_ERRORS.has(cause.name)) return BUG;
  }
  return kind === "user"
    ? { kind, reason: reason ?? "failure", library: fromLibrary === true }
    : { kind: kind as ErrorKind, library: fromLibrary === true };
}

/**
 * A mistake or a decision on the user's side (a bad input or config, a refusal, a machine
 * without the tools): a step passes it through without its name, and an action reports it as it is.
 */
export function isUserDecision(error: unknown): boolean {
  const { kind, reason } = classify(error);
  return kind === "user" && reason !== "failure";
}
