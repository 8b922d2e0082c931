// Normalises the errors of both transports of the official clients to google.rpc code names.
// Over gRPC the client throws a GoogleError whose `code` is the rpc code. Over REST, gaxios
// throws for any non-2xx answer before gax can parse it, so the error carries the HTTP status
// in `code` and Google's JSON error body (with its `status` name) in `message`/`response`.
import { Code, type CodeName } from "../emulator/errors.js";

const BY_NUMBER = new Map<number, CodeName>(Object.entries(Code).map(([name, n]) => [n, name as CodeName]));

interface MaybeClientError {
  code?: unknown;
  status?: unknown;
  message?: unknown;
  response?: { status?: number; data?: unknown };
}

function restBody(error: MaybeClientError): { status?: string; message?: string } | undefined {
  const candidates = [error.response?.data, error.message];
  for (const candidate of candidates) {
    let parsed = candidate;
    if (typeof candidate === "string") {
      try {
        parsed = JSON.parse(candidate);
      } catch {
        continue;
      }
    }
    const body = (parsed as { error?: { status?: string; message?: string } } | undefined)?.error;
    if (body?.status) return body;
  }
  return undefined;
}

/** The google.rpc code name of an error thrown by an official client, or undefined if none. */
export function rpcCode(error: unknown): CodeName | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as MaybeClientError;
  const rest = restBody(e);
  if (rest?.status && rest.status in Code) return rest.status as CodeName;
  if (typeof e.code === "number" && e.response === undefined && BY_NUMBER.has(e.code)) return BY_NUMBER.get(e.code);
  if (typeof e.code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(e.code)) return "UNAVAILABLE";
  return undefined;
}

/** The human message of a client error, without the transport's wrapping. */
export function rpcMessage(error: unknown): string {
  const e = (error ?? {}) as MaybeClientError;
  const rest = restBody(e);
  if (rest?.message) return rest.message;
  const message = String(e.message ?? error);
  return message.replace(/^\d+ [A-Z_]+: /, "");
}
