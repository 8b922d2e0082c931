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
 * A mistake or a decision on the user's side (a bad input or config, a refusal, a machine
 * without the tools): shown as its message, never as a bug with a stack. Matched by name too,
 * so that an error class from a bundle chunk or another layer (LocalSetupError) counts.
 */
export function isUserError(error: unknown): boolean {
  if (error instanceof ConfigurationError || error instanceof RefusalError) return true;
  const name = (error as Error | undefined)?.name;
  return name === "ConfigurationError" || name === "RefusalError" || name === "LocalSetupError";
}
