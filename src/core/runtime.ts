// What the core is given instead of reaching for globals, so the same code serves the
// actions, the CLI, the demo and the tests.

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Where a message points: a file and line (YAML or migration), for an annotation. */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string, where?: SourceLocation): void;
  error(message: string, where?: SourceLocation): void;
  /** Runs one step inside a collapsible log group. */
  group<T>(title: string, run: () => Promise<T>): Promise<T>;
  /** Marks a secret so that it is never printed. */
  secret(value: string): void;
}

/** A logger for tests and --format json: collects lines instead of printing. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly secrets = new Set<string>();

  private push(kind: string, message: string, where?: SourceLocation) {
    let text = where?.file ? `${kind} ${where.file}:${where.line ?? 0}: ${message}` : `${kind} ${message}`;
    for (const secret of this.secrets) text = text.replaceAll(secret, "***");
    this.lines.push(text);
  }

  info(message: string): void {
    this.push("info", message);
  }
  warn(message: string, where?: SourceLocation): void {
    this.push("warn", message, where);
  }
  error(message: string, where?: SourceLocation): void {
    this.push("error", message, where);
  }
  async group<T>(title: string, run: () => Promise<T>): Promise<T> {
    this.push("group", title);
    return run();
  }
  secret(value: string): void {
    if (value) this.secrets.add(value);
  }
}
