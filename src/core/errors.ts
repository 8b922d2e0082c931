/** A mistake in what the user gave us (config, input, arguments): reported plainly, never a stack. */
export class ConfigurationError extends Error {
  constructor(
    message: string,
    /** Where it is: a file, with line and column when known, and the field path. */
    readonly location?: { file?: string; line?: number; column?: number; field?: string },
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
