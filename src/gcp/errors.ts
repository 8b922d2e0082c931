// Normalises the errors of both transports of the official clients to google.rpc code names.
// Over gRPC the client throws a GoogleError whose `code` is the rpc code. Over REST, gaxios
// throws for any non-2xx answer before gax can parse it, so the error carries the HTTP status
// in `code` and Google's JSON error body (with its `status` name) in `message`/`response`.
import { EnvironmentError, type ErrorKind, markKind } from "../shared/errors.js";
import { Code, type CodeName } from "../shared/rpc-code.js";

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

/** What may pass if tried again: the only codes Runway retries. */
export const TRANSIENT: ReadonlySet<CodeName> = new Set<CodeName>(["UNAVAILABLE", "DEADLINE_EXCEEDED"]);
/** Someone else's change: an etag that moved (ABORTED), a name taken meanwhile (ALREADY_EXISTS). */
const CONFLICT: ReadonlySet<CodeName> = new Set<CodeName>(["ABORTED", "ALREADY_EXISTS"]);

/** The kind (src/shared/errors.ts) of a google.rpc code: any other answer of the API is the user's to read. */
export function kindOfCode(code: CodeName): ErrorKind {
  return TRANSIENT.has(code) ? "transient" : CONFLICT.has(code) ? "conflict" : "user";
}

/**
 * A client's error as it leaves the port: missing credentials become an EnvironmentError that
 * says how to log in; an answer with a google.rpc code is marked with its kind; the rest is left
 * as it is (a bug, unless something else says otherwise).
 */
export function fromClient(error: unknown): unknown {
  const explained = environmentError(error);
  if (explained) return explained;
  const code = rpcCode(error);
  if (!code) return error;
  const kind = kindOfCode(code);
  return markKind(error, kind, kind === "user" ? "failure" : undefined);
}

/** The human message of a client error, without the transport's wrapping. */
export function rpcMessage(error: unknown): string {
  const e = (error ?? {}) as MaybeClientError;
  const rest = restBody(e);
  if (rest?.message) return rest.message;
  const message = String(e.message ?? error);
  return message.replace(/^\d+ [A-Z_]+: /, "");
}

const NO_CREDENTIALS =
  /Could not load the default credentials|Unable to detect a Project Id|could not find default credentials|The file at .* does not exist, or it is not a file/i;

/** True when the error (or one it wraps) is google-auth finding no Application Default Credentials. */
export function isMissingCredentials(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (NO_CREDENTIALS.test(String((e as { message?: unknown }).message ?? ""))) return true;
  }
  return false;
}

export const CREDENTIALS_HELP =
  "no Google Cloud credentials found. Log in with `gcloud auth application-default login` (on your machine), " +
  "use Workload Identity Federation (google-github-actions/auth) in GitHub Actions, or set GOOGLE_APPLICATION_CREDENTIALS to a key file; " +
  "to use the emulator instead, start it with `runway emulator` and set RUNWAY_EMULATOR_HOST to the address it prints";

/** Where the official clients are pointed, for people: the emulator's address or Google's endpoints. */
export function describeEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.RUNWAY_EMULATOR_HOST;
  return host ? `the emulator at ${host} (RUNWAY_EMULATOR_HOST)` : "Google Cloud (run.googleapis.com, cloudscheduler.googleapis.com)";
}

const NO_CONNECTION = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ECONNRESET|No connection established|Failed to connect|fetch failed/i;

/** True when no connection to the API could be made at all (refused, unknown host, reset). */
export function isConnectionFailure(error: unknown): boolean {
  return NO_CONNECTION.test(`${rpcMessage(error)} ${(error as { code?: unknown } | undefined)?.code ?? ""}`);
}

function unreachableHint(cause: unknown, env: NodeJS.ProcessEnv): string {
  if (!isConnectionFailure(cause)) return "the API reported a transient error each time; re-run later";
  if (env.RUNWAY_EMULATOR_HOST) return "is the emulator running? Start it with `runway emulator`, or fix RUNWAY_EMULATOR_HOST";
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.GRPC_PROXY ?? env.grpc_proxy;
  return `check the network${proxy ? ` and the proxy (${proxy})` : ""}, then re-run`;
}

/**
 * The error for an API that did not answer after every try. It keeps the transport's numeric
 * code, so that rpcCode() still reads UNAVAILABLE (or DEADLINE_EXCEEDED) from it.
 */
export class UnreachableError extends EnvironmentError {
  override readonly kind: ErrorKind = "transient";
  readonly code: number;
  constructor(what: string, tries: number, cause: unknown, env: NodeJS.ProcessEnv = process.env) {
    const name = rpcCode(cause) ?? "UNAVAILABLE";
    const reached = isConnectionFailure(cause) ? "could not be reached" : "kept failing";
    super(
      `${what}: ${describeEndpoint(env)} ${reached} after ${tries} tr${tries === 1 ? "y" : "ies"} (${name}: ${firstLine(rpcMessage(cause))}); ${unreachableHint(cause, env)}`,
      { cause },
    );
    this.code = Code[name];
  }
}

/** The first line of a client message, without grpc-js's empty trailing "Resolution note:". */
export function firstLine(text: string): string {
  return (
    text
      .split("\n")[0]
      ?.replace(/\.?\s*Resolution note:\s*$/, "")
      .trim() ?? ""
  );
}

/** A client error turned into what the user can act on: no credentials, or undefined (left as it is). */
export function environmentError(error: unknown): EnvironmentError | undefined {
  if (error instanceof EnvironmentError) return error;
  if (!isMissingCredentials(error)) return undefined;
  // google-auth's own words say which source it tried (a key file that is not there, say).
  const said = firstLine(String((error as { message?: unknown }).message ?? "")).replace(/ Browse to .*$/, "");
  return new EnvironmentError(`${CREDENTIALS_HELP}${said ? ` (google-auth: ${said})` : ""}`, { cause: error });
}
