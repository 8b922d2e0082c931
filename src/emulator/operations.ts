import { randomUUID } from "node:crypto";
import { ApiError, Code, type CodeName, invalid } from "./errors.js";
import { paginate, parseName } from "./common.js";
import { type Json, packAny } from "./proto.js";
import type { CallContext, Handler } from "./registry.js";

export interface OperationRecord {
  operation: Json;
  settled: Promise<void>;
}

type Outcome = { response: Json } | { error: ApiError };

/** google.longrunning operations. Cloud Run packs the resource as both metadata and response. */
export class Operations {
  readonly records = new Map<string, OperationRecord>();

  /**
   * Starts an operation whose work may already be finished (a plain value) or still running (a
   * promise). An operation is returned done when nothing is left to wait for, which LRO allows.
   */
  async start(location: string, typeName: string, metadata: Json, work: Json | Promise<Outcome>, ctx?: CallContext): Promise<Json> {
    const name = `${location}/operations/${randomUUID()}`;
    const operation: Json = { name, metadata: packAny(typeName, metadata), done: false };
    const finish = (outcome: Outcome) => {
      operation.done = true;
      if ("error" in outcome) operation.error = { code: outcome.error.numericCode, message: outcome.error.message, details: [] };
      else {
        operation.response = packAny(typeName, outcome.response);
        operation.metadata = packAny(typeName, outcome.response);
      }
    };
    const fault = ctx?.operationFault?.failOperation;
    const failed = (code: CodeName) => ({
      error: new ApiError(code, ctx?.operationFault?.message ?? `Injected operation failure: ${code}`),
    });
    let settled: Promise<void>;
    if (work instanceof Promise) {
      settled = work.then(
        (outcome) => finish(fault ? failed(fault) : outcome),
        (error: unknown) => finish({ error: toApiError(error) }),
      );
    } else {
      finish(fault ? failed(fault) : { response: work });
      settled = Promise.resolve();
    }
    this.records.set(name, { operation, settled });
    // Work that needs no waiting (no process to start) finishes within a tick; returning the
    // operation done then saves the client a polling round trip.
    await Promise.race([settled, new Promise((resolve) => setImmediate(resolve))]);
    return { ...operation };
  }

  handlers(): Record<string, Handler> {
    return {
      GetOperation: (req) => ({ ...this.get(req.name) }),
      ListOperations: (req) => {
        parseName("name", req.name, []);
        const matches = operationFilter(req.filter);
        const ops = [...this.records.values()]
          .map((r) => r.operation)
          .filter((op) => String(op.name).startsWith(`${req.name}/operations/`))
          .filter(matches);
        const { page, nextPageToken } = paginate(ops, req, 1000, 100);
        return { operations: page, nextPageToken };
      },
      DeleteOperation: (req) => {
        this.get(req.name);
        this.records.delete(String(req.name));
        return {};
      },
      WaitOperation: async (req) => {
        const op = this.get(req.name);
        const record = this.records.get(String(req.name)) as OperationRecord;
        const timeoutMs = req.timeout ? Number.parseFloat(String(req.timeout)) * 1000 : 60_000;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          record.settled,
          new Promise((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        return { ...op };
      },
    };
  }

  private get(name: unknown): Json {
    parseName("name", name, ["operations"]);
    const record = this.records.get(String(name));
    if (!record) throw new ApiError("NOT_FOUND", `Operation ${String(name)} not found.`);
    return record.operation;
  }

  toJSON(): Json[] {
    return [...this.records.values()].map((r) => r.operation);
  }

  load(operations: Json[]): void {
    for (const operation of operations) {
      // An operation still running when state was saved cannot resume; it is reported aborted.
      if (!operation.done) {
        operation.done = true;
        operation.error = { code: Code.ABORTED, message: "The emulator restarted while this operation was running." };
      }
      this.records.set(String(operation.name), { operation, settled: Promise.resolve() });
    }
  }
}

/**
 * ListOperations' `filter` (AIP-160), for the fields an Operation has at its top level: `done` with
 * true or false and `name` with a quoted string, compared with `=` or `!=` and joined by AND. Any
 * other expression is INVALID_ARGUMENT rather than ignored, so a filter never silently matches all.
 */
export function operationFilter(filter: unknown): (operation: Json) => boolean {
  const text = typeof filter === "string" ? filter.trim() : "";
  if (!text) return () => true;
  const tests = text.split(/\s+AND\s+/).map((term) => {
    const done = /^done\s*(=|!=)\s*(true|false)$/.exec(term.trim());
    if (done) {
      const [, operator, value] = done;
      return (op: Json) => ((op.done === true) === (value === "true")) === (operator === "=");
    }
    const name = /^name\s*(=|!=)\s*"([^"]*)"$/.exec(term.trim());
    if (name) {
      const [, operator, value] = name;
      return (op: Json) => (op.name === value) === (operator === "=");
    }
    throw invalid(
      "filter",
      `unsupported filter ${JSON.stringify(term.trim())}: the emulator filters operations on done (true or false) and name ("..."), joined by AND`,
    );
  });
  return (operation) => tests.every((test) => test(operation));
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError("INTERNAL", (error as Error).message);
}
