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
  /**
   * Reports where a long wait stands. A logger that redraws one line in place (a terminal) sets
   * liveProgress and is called every second; the others get a line every PROGRESS_EVERY_MS.
   * Without it, progress goes to info().
   */
  progress?(message: string): void;
  readonly liveProgress?: boolean;
}

/** The longest a wait stays silent in a log that cannot redraw a line (the Actions log). */
export const PROGRESS_EVERY_MS = 20_000;

const seconds = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
};

/**
 * Sleeps ms on the given clock in slices, reporting before each one what is awaited, the time
 * left and the last known result: a long canary wait is never silent. On a fake clock the
 * slices cost nothing.
 */
export async function waitWithProgress(
  clock: Clock,
  logger: Logger,
  ms: number,
  what: string,
  last?: () => string | undefined,
): Promise<void> {
  const every = logger.liveProgress ? 1000 : PROGRESS_EVERY_MS;
  const report = (message: string) => (logger.progress ? logger.progress(message) : logger.info(message));
  // The slices add up to exactly ms, whatever else the clock counts meanwhile.
  for (let left = ms; left > 0; ) {
    const result = last?.();
    report(`… ${what}: ${seconds(left)} left of ${seconds(ms)}${result ? `; last check: ${result}` : ""}`);
    const slice = Math.min(every, left);
    await clock.sleep(slice);
    left -= slice;
  }
  if (logger.liveProgress) report(`✓ ${what}: waited ${seconds(ms)}`);
}

/**
 * A progress() for a terminal: redraws one line in place (carriage return, erase line), and
 * ends it with a newline when the wait is over (a message starting with ✓). For a CLI logger
 * whose stream is a TTY: { ...logger, progress: liveLine(write), liveProgress: true }.
 */
export function liveLine(write: (text: string) => void): (message: string) => void {
  return (message) => write(`\r\u001b[2K${message}${message.startsWith("✓") ? "\n" : ""}`);
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
  progress(message: string): void {
    this.push("progress", message);
  }
}
