import { rpcCode, rpcMessage } from "../gcp/errors.js";
import { isUserDecision, UserError } from "../shared/errors.js";
import type { Clock, Logger } from "../shared/runtime.js";

export interface StepRecord {
  name: string;
  ms: number;
  outcome: "ok" | "failed" | "skipped";
  detail: string;
}

/** A failure that knows which step it happened in, for the summary, the log and the exit. */
export class StepError extends UserError {
  /** What went wrong, without the step's name: the message is `${step}: ${detail}`. */
  readonly detail: string;
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    const detail = describeCause(cause);
    super(`${step}: ${detail}`);
    this.name = "StepError";
    this.detail = detail;
  }
}

/** A client error reads as "CODE: message" on both transports; anything else as its message. */
export function describeCause(cause: unknown): string {
  if (cause instanceof StepError) return cause.message;
  const code = rpcCode(cause);
  return code ? `${code}: ${rpcMessage(cause)}` : cause instanceof Error ? cause.message : String(cause);
}

/** Runs one phase so that a failure names it; a refusal or a user error passes through as it is. */
export async function inStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError || isUserDecision(error)) throw error;
    throw new StepError(step, error);
  }
}

/** Runs each step in a log group and records its duration and outcome. */
export class Timeline {
  readonly steps: StepRecord[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async run<T>(name: string, body: () => Promise<T>, detail: (result: T) => string = () => ""): Promise<T> {
    const started = this.clock.now().getTime();
    try {
      const result = await this.logger.group(name, body);
      this.steps.push({ name, ms: this.clock.now().getTime() - started, outcome: "ok", detail: detail(result) });
      return result;
    } catch (error) {
      const message =
        error instanceof StepError ? (error.cause instanceof Error ? error.cause.message : String(error.cause)) : (error as Error).message;
      this.steps.push({ name, ms: this.clock.now().getTime() - started, outcome: "failed", detail: message });
      throw error instanceof StepError ? error : new StepError(name, error);
    }
  }

  skip(name: string, detail: string): void {
    this.steps.push({ name, ms: 0, outcome: "skipped", detail });
  }
}
