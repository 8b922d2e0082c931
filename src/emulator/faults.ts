import { ApiError, type CodeName, isCodeName } from "./errors.js";

/** A fault injected through POST /_emulator/faults. */
export interface Fault {
  method: string;
  /** Fail the call itself with this code. */
  code?: CodeName;
  message?: string;
  /** Only calls on this resource name. */
  resource?: string;
  /** How many matching calls it affects; -1 for every call until reset. */
  times: number;
  /**
   * How many matching calls it lets through untouched before it applies (0: from the first),
   * so a fault can hit the Nth call of a method. Counts down as calls pass.
   */
  after?: number;
  delayMs?: number;
  /**
   * Hold the call (unanswered) until the faults are cleared, so a test can run something else
   * to completion while this call is in flight: a race in a fixed order rather than by timing.
   */
  hold?: boolean;
  /** Let the call succeed but make the long-running operation it starts fail with this code. */
  failOperation?: CodeName;
}

/** Accepts "google.cloud.run.v2.Services/UpdateService" or "google.cloud.run.v2.Services.UpdateService". */
export function normaliseMethod(method: string): string {
  if (method.includes("/")) return method;
  const at = method.lastIndexOf(".");
  return `${method.slice(0, at)}/${method.slice(at + 1)}`;
}

export function parseFault(input: unknown, knownMethods: Set<string>): Fault {
  const body = (input ?? {}) as Record<string, unknown>;
  const bad = (field: string, problem: string) => new ApiError("INVALID_ARGUMENT", `${field}: ${problem}`, field);
  if (typeof body.method !== "string") throw bad("method", "required, e.g. google.cloud.run.v2.Services/UpdateService");
  const method = normaliseMethod(body.method);
  if (!knownMethods.has(method)) throw bad("method", `unknown method ${body.method}`);
  for (const field of ["code", "failOperation"] as const) {
    if (body[field] !== undefined && !isCodeName(body[field])) throw bad(field, "must be a google.rpc.Code name such as UNAVAILABLE");
  }
  if (body.code === undefined && body.failOperation === undefined && body.delayMs === undefined && body.hold === undefined) {
    throw bad("code", "give code, failOperation, delayMs or hold");
  }
  if (body.hold !== undefined && body.hold !== true) throw bad("hold", "true, or leave it out");
  const times = body.times === undefined ? 1 : body.times;
  if (typeof times !== "number" || !Number.isInteger(times) || times === 0 || times < -1)
    throw bad("times", "a positive integer, or -1 for always");
  if (body.delayMs !== undefined && (typeof body.delayMs !== "number" || body.delayMs < 0)) throw bad("delayMs", "a non-negative number");
  if (body.after !== undefined && (typeof body.after !== "number" || !Number.isInteger(body.after) || body.after < 0)) {
    throw bad("after", "a non-negative integer: how many matching calls pass before the fault applies");
  }
  return {
    method,
    code: body.code as CodeName | undefined,
    message: typeof body.message === "string" ? body.message : undefined,
    resource: typeof body.resource === "string" ? body.resource : undefined,
    times,
    delayMs: body.delayMs as number | undefined,
    failOperation: body.failOperation as CodeName | undefined,
    ...(body.hold ? { hold: true } : {}),
    ...(body.after ? { after: body.after as number } : {}),
  };
}

export class FaultTable {
  private faults: Fault[] = [];
  private held: (() => void)[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** Clearing also answers every held call. */
  clear(): void {
    this.faults = [];
    for (const release of this.held.splice(0)) release();
  }

  /** Resolves when the faults are next cleared. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  list(): Fault[] {
    return [...this.faults];
  }

  /**
   * Takes (consumes one use of) the first fault that matches this call and has no calls left to
   * let through. Every fault still waiting (`after`) counts the call, whether or not another
   * fault takes it.
   */
  take(method: string, resource: string | undefined): Fault | undefined {
    let fault: Fault | undefined;
    for (const f of this.faults) {
      if (f.method !== method || (f.resource !== undefined && f.resource !== resource)) continue;
      if (f.after) f.after--;
      else fault ??= f;
    }
    if (!fault) return undefined;
    if (fault.times > 0 && --fault.times === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }
}
