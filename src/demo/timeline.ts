import { formatDuration } from "../core/config/duration.js";

const waitedNote = (ms: number) => `(waited ${formatDuration(ms)} of canary time, simulated)`;

/**
 * A readable timeline on stdout: one line per step with its duration and what changed. Titles
 * carry the story's own numbering ("1. PR #7 opened"); the timeline adds none. Notes made while
 * a step runs (a simulated wait) are printed under that step's line, not above it.
 */
export class Timeline {
  private readonly started = Date.now();
  readonly steps: { title: string; ms: number; detail: string; notes: string[] }[] = [];
  private pending: string[] | undefined;
  private waitedMs = 0;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  async step<T>(title: string, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
    const start = Date.now();
    const notes: string[] = [];
    this.pending = notes;
    this.waitedMs = 0;
    let result: T;
    try {
      result = await run();
    } finally {
      this.pending = undefined;
    }
    // A canary wait is slept in slices (for progress lines): the step says its total once.
    if (this.waitedMs) notes.unshift(waitedNote(this.waitedMs));
    const ms = Date.now() - start;
    const detail = describe(result);
    this.steps.push({ title, ms, detail, notes });
    this.write(`${title.padEnd(52)} ${String(ms).padStart(6)} ms  ${detail}`);
    for (const note of notes) this.write(`      ${note}`);
    return result;
  }

  /** Simulated canary time, added to the running step's total. */
  waited(ms: number): void {
    if (this.pending) this.waitedMs += ms;
    else this.write(`      ${waitedNote(ms)}`);
  }

  note(line: string): void {
    if (this.pending) this.pending.push(line);
    else this.write(`      ${line}`);
  }

  total(): number {
    return Date.now() - this.started;
  }
}
