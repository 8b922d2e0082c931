/** A readable timeline on stdout: one line per step with its duration and what changed. */
export class Timeline {
  private readonly started = Date.now();
  readonly steps: { title: string; ms: number; detail: string }[] = [];

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  async step<T>(title: string, run: () => Promise<T>, describe: (result: T) => string): Promise<T> {
    const start = Date.now();
    const result = await run();
    const ms = Date.now() - start;
    const detail = describe(result);
    this.steps.push({ title, ms, detail });
    this.write(`${String(this.steps.length).padStart(2)}. ${title.padEnd(48)} ${String(ms).padStart(6)} ms  ${detail}`);
    return result;
  }

  note(line: string): void {
    this.write(`    ${line}`);
  }

  total(): number {
    return Date.now() - this.started;
  }
}
