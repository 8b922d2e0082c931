import type { IncomingMessage, ServerResponse } from "node:http";
import { canonicalFromRest, setPath, withNumericEnums } from "./codec.js";
import { ApiError } from "./errors.js";
import type { Json } from "./proto.js";
import { match } from "./http-rule.js";
import type { MethodDef, Registry } from "./registry.js";

export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The system parameters Google's front ends take as plain query parameters, besides the `$` forms. */
const SYSTEM_PARAMETERS = new Set([
  "access_token",
  "alt",
  "callback",
  "fields",
  "key",
  "oauth_token",
  "prettyPrint",
  "quotaUser",
  "upload_protocol",
  "uploadType",
]);

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError("INVALID_ARGUMENT", `Request body exceeds ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The JSON error body Google's REST front end returns; google-gax maps `status` back to a code. */
export function sendError(res: ServerResponse, error: unknown): void {
  const api = error instanceof ApiError ? error : new ApiError("INTERNAL", `Internal emulator error: ${(error as Error).message}`);
  const details = api.field
    ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: api.field, description: api.message }] }]
    : [];
  sendJson(res, api.httpStatus, { error: { code: api.httpStatus, message: api.message, status: api.code, details } });
}

function route(
  registry: Registry,
  verb: string,
  path: string,
): { def: MethodDef; vars: Record<string, string>; body?: string } | undefined {
  for (const def of registry.methods.values()) {
    for (const binding of def.bindings) {
      if (binding.verb !== verb) continue;
      const vars = match(binding, path);
      if (vars) return { def, vars, body: binding.body };
    }
  }
  return undefined;
}

async function buildRequest(
  req: IncomingMessage,
  url: URL,
  def: MethodDef,
  vars: Record<string, string>,
  bodyField?: string,
): Promise<Json> {
  let request: Json = {};
  if (bodyField) {
    const text = await readBody(req);
    let parsed: unknown = {};
    if (text.trim()) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError("INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.");
      }
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      const where = bodyField === "*" ? "" : ` for '${bodyField}'`;
      throw new ApiError(
        "INVALID_ARGUMENT",
        `Invalid JSON payload received. Expected an object${where}.`,
        bodyField === "*" ? undefined : bodyField,
      );
    }
    request = bodyField === "*" ? (parsed as Json) : { [bodyField]: parsed as Json };
  }
  for (const [key, value] of url.searchParams) {
    // System parameters (cloud.google.com/apis/docs/system-parameters) are the platform's, not
    // request fields: they never reach the request message. Everything else must name a field.
    if (key.startsWith("$") || SYSTEM_PARAMETERS.has(key)) continue;
    setPath(request, def.requestType, key, value);
  }
  for (const [field, value] of Object.entries(vars)) setPath(request, def.requestType, field, value);
  return canonicalFromRest(def.requestType, request);
}

/** Serves the API over HTTP/JSON. Returns false when the path is not an API route. */
export async function handleRest(registry: Registry, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const found = route(registry, req.method ?? "GET", url.pathname);
  if (!found) {
    if (!/^\/v[123]\//.test(url.pathname)) return false;
    sendError(res, new ApiError("NOT_FOUND", `The requested URL ${url.pathname} was not found on this server.`));
    return true;
  }
  try {
    const request = await buildRequest(req, url, found.def, found.vars, found.body);
    const response = await registry.call(found.def, request, "rest");
    const numeric = (url.searchParams.get("$alt") ?? "").includes("enum-encoding=int");
    sendJson(res, 200, numeric ? withNumericEnums(found.def.responseType, response) : response);
  } catch (error) {
    sendError(res, error);
  }
  return true;
}
