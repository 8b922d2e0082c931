// Runway retries transient errors itself, with a bounded number of attempts on the injected
// clock. The clients' own retry settings are switched off per call: for GetService they retry
// UNAVAILABLE for up to ten minutes, which would hide an outage behind a hung deploy.
import type { CallOptions } from "google-gax";
import type { Clock, Logger } from "../shared/runtime.js";
import { firstLine, fromClient, isConnectionFailure, rpcCode, rpcMessage, TRANSIENT, UnreachableError } from "./errors.js";

/** Per-call options: no client-side retry, and a deadline so nothing hangs. */
export const CALL_OPTIONS: CallOptions = { retry: { retryCodes: [] } as never, timeout: 60_000 };

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 250 };

export async function withRetry<T>(
  what: string,
  run: (options: CallOptions) => Promise<T>,
  deps: { clock: Clock; logger: Logger; retry?: RetryPolicy },
): Promise<T> {
  const policy = deps.retry ?? DEFAULT_RETRY;
  let delay = policy.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(CALL_OPTIONS);
    } catch (error) {
      const code = rpcCode(error);
      if (!code || !TRANSIENT.has(code)) throw fromClient(error);
      if (attempt >= policy.attempts) throw new UnreachableError(what, attempt, error);
      // An API that cannot be reached at all gets one warning per call, not one per try (the
      // final error says how many were made); an API that answers with an error, one per try.
      if (attempt === 1 || !isConnectionFailure(error)) deps.logger.warn(retryWarning(what, code, error, attempt, policy, delay));
      await deps.clock.sleep(delay);
      delay *= 2;
    }
  }
}

/** What Runway uses of a google-gax long-running operation. */
interface Polled<T> {
  promise(): Promise<T>;
  latestResponse: { done?: boolean | null };
  longrunningDescriptor: unknown;
  backoffSettings: unknown;
  _callOptions?: CallOptions;
}

/**
 * Waits for a long-running operation. A transient error of a poll (GetOperation) polls the same
 * operation again, with the same bounded policy as withRetry: the work goes on in Cloud Run
 * whatever one poll answered, so failing here would make the re-run start it a second time (a
 * second migration beside the first). The operation's own failure, and the client's total
 * polling timeout, are not retried.
 */
export async function awaitOperation<T>(
  what: string,
  operation: Polled<T>,
  deps: { clock: Clock; logger: Logger; retry?: RetryPolicy },
): Promise<T> {
  const policy = deps.retry ?? DEFAULT_RETRY;
  let delay = policy.firstDelayMs;
  let current = operation;
  for (let attempt = 1; ; attempt++) {
    try {
      return await current.promise();
    } catch (error) {
      const code = rpcCode(error);
      const pollFailed = !current.latestResponse.done && !/^Total timeout exceeded/.test(rpcMessage(error));
      if (!code || !TRANSIENT.has(code) || !pollFailed) throw fromClient(error);
      if (attempt >= policy.attempts) throw new UnreachableError(`${what}: polling the operation`, attempt, error);
      if (attempt === 1 || !isConnectionFailure(error))
        deps.logger.warn(retryWarning(`${what}: polling the operation`, code, error, attempt, policy, delay));
      await deps.clock.sleep(delay);
      delay *= 2;
      // A gax operation polls once per life: after an error it never polls again, so a fresh one
      // of the same class picks up from the last answer.
      const Again = current.constructor as new (op: unknown, descriptor: unknown, backoff: unknown, options?: CallOptions) => Polled<T>;
      current = new Again(current.latestResponse, current.longrunningDescriptor, current.backoffSettings, current._callOptions);
    }
  }
}

function retryWarning(what: string, code: string, error: unknown, attempt: number, policy: RetryPolicy, delay: number): string {
  return `${what}: ${code} (${firstLine(rpcMessage(error))}); attempt ${attempt + 1} of ${policy.attempts} in ${delay} ms`;
}
