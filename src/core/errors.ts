/** One problem in a file the user gave us, with its place (1-based line and column). */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** The field path, e.g. "rollout.steps[1].percent"; "" when the problem is the file itself. */
  field: string;
  message: string;
}

/** A mistake in what the user gave us (config, input, arguments): reported plainly, never a stack. */
export class ConfigurationError extends Error {
  constructor(
    message: string,
    /** Where it is: a file, with line and column when known, and the field path. */
    readonly location?: { file?: string; line?: number; column?: number; field?: string },
    /** Every problem found, when there were several (location is the first one's). */
    readonly issues?: readonly ConfigIssue[],
  ) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** Runway declined to act for a stated reason (a freeze, an unhealthy source): not a bug. */
export class RefusalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusalError";
  }
}

/**
 * What Runway runs in is not set up: no Google Cloud credentials, an API it cannot reach. The
 * message says what to do (log in, start the emulator, check the network): not a bug.
 */
export class EnvironmentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EnvironmentError";
  }
}

/**
 * Errors that are the user's to act on (a mistake in the input, a refusal, a failed rollout, an
 * API's answer, a machine not set up), reported as their message; anything else is a bug in
 * Runway. By name as well as by class: the bundles carry one copy of each class per chunk.
 */
const USER_ERRORS = new Set([
  "ConfigurationError",
  "RefusalError",
  "EnvironmentError",
  "CommandFailure",
  "StepError",
  "DeployFailure",
  "ConflictError",
  "SchedulerSyncFailure",
  "BatchSyncFailure",
  "GitHubError",
  "LocalSetupError",
]);

/** The error classes of JavaScript itself: one of them is a bug wherever it is wrapped. */
const PROGRAMMING_ERRORS = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError", "EvalError", "URIError"]);

/**
 * True when the error is the user's to act on and its message is the whole report; false for a
 * bug, which deserves its stack (in a debug log) and a report. A failed step that wraps a
 * TypeError is a bug, not a failed rollout.
 */
export function isUserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // node:util parseArgs throws TypeErrors, with a code: the user's mistake all the same.
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return true;
  if (PROGRAMMING_ERRORS.has(error.name)) return false;
  if (
    !(
      error instanceof ConfigurationError ||
      error instanceof RefusalError ||
      error instanceof EnvironmentError ||
      USER_ERRORS.has(error.name)
    )
  )
    return false;
  let cause = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++, cause = cause.cause) {
    if (PROGRAMMING_ERRORS.has(cause.name)) return false;
  }
  return true;
}

/**
 * A mistake or a decision on the user's side (a bad input or config, a refusal, a machine
 * without the tools), which a step passes through unwrapped and an action reports as it is.
 * Matched by name too, so that an error class from another bundle chunk counts.
 */
export function isUserDecision(error: unknown): boolean {
  if (error instanceof ConfigurationError || error instanceof RefusalError) return true;
  const name = (error as Error | undefined)?.name;
  return name === "ConfigurationError" || name === "RefusalError" || name === "LocalSetupError";
}

/** A usage or configuration mistake (exit 2), as opposed to a command that ran and failed (exit 1). */
export function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    error instanceof ConfigurationError ||
    (error as Error | undefined)?.name === "ConfigurationError" ||
    (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
  );
}
