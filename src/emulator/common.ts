import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ApiError, invalid } from "./errors.js";
import type { Json, JsonValue } from "./proto.js";
import { stableJson } from "../shared/stable-json.js";

export { stableJson };

export const sameMessage = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

export function computeEtag(resource: Json): string {
  const { etag: _ignored, ...rest } = resource;
  return `"${createHash("sha256").update(stableJson(rest)).digest("base64url").slice(0, 22)}"`;
}

export const newUid = () => randomUUID();

/**
 * The resource a `validate_only` create answers with (AIP-163): the same response, minus the
 * fields only a real creation assigns: `uid`, `create_time`, `update_time`, `generation`, `etag`.
 */
export function wouldBeCreated(resource: Json): Json {
  const { uid: _uid, createTime: _created, updateTime: _updated, generation: _generation, etag: _etag, ...rest } = resource;
  return rest;
}

/** Lowercase letters and digits, as in Cloud Run's generated suffixes. */
export function randomSuffix(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

export interface NameParts {
  project: string;
  location: string;
  [collection: string]: string;
}

/**
 * Parses `projects/P/locations/L/<collection>/ID[/<sub>/ID]` against the expected collections.
 * A malformed name is INVALID_ARGUMENT naming the field, as Google's front ends do.
 */
export function parseName(field: string, name: unknown, collections: string[]): NameParts {
  const expected = ["projects", "locations", ...collections];
  const parts = typeof name === "string" ? name.split("/") : [];
  const ok =
    parts.length === expected.length * 2 &&
    expected.every((c, i) => parts[i * 2] === c && /^[A-Za-z0-9][A-Za-z0-9._~-]{0,499}$/.test(parts[i * 2 + 1] ?? ""));
  if (!ok) {
    const pattern = expected.map((c) => `${c}/*`).join("/");
    throw invalid(field, `must match "${pattern}", got ${JSON.stringify(truncate(String(name ?? "")))}`);
  }
  const out: Record<string, string> = {};
  expected.forEach((c, i) => {
    out[c === "projects" ? "project" : c === "locations" ? "location" : c] = parts[i * 2 + 1] as string;
  });
  return out as NameParts;
}

/**
 * Parses a List parent whose last collection id may be `-`, "all of them", as ListRevisions
 * (`services/-`) and ListExecutions (`jobs/-`) document. Returns the parts and whether it was `-`.
 */
export function parseWildcardParent(name: unknown, collections: string[]): { parts: NameParts; wildcard: boolean } {
  const wildcard = typeof name === "string" && name.endsWith("/-");
  const parts = parseName("parent", wildcard ? `${(name as string).slice(0, -1)}x` : name, collections);
  if (wildcard) parts[collections.at(-1) as string] = "-";
  return { parts, wildcard };
}

export const truncate = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function requireString(field: string, value: JsonValue | undefined): string {
  if (typeof value !== "string" || value === "") throw invalid(field, "required");
  return value;
}

/**
 * Offset-based page tokens, opaque to callers and bound to the request that made them (AIP-158:
 * a token used with other parameters, such as another parent or filter, is INVALID_ARGUMENT).
 * Everything in the request but `page_token` and `page_size` is part of the binding.
 */
export function paginate<T>(
  items: T[],
  request: Json,
  maxPageSize: number,
  defaultPageSize = maxPageSize,
): { page: T[]; nextPageToken: string } {
  const size = Number(request.pageSize ?? 0);
  if (!Number.isInteger(size) || size < 0) throw invalid("page_size", "must be a non-negative integer");
  const pageSize = Math.min(size || defaultPageSize, maxPageSize);
  const { pageToken: _token, pageSize: _size, ...bound } = request;
  const binding = createHash("sha256").update(stableJson(bound)).digest("base64url").slice(0, 16);
  let offset = 0;
  if (request.pageToken) {
    const decoded = Buffer.from(String(request.pageToken), "base64url").toString();
    const match = /^offset:(\d+):(.+)$/.exec(decoded);
    if (!match) throw invalid("page_token", "Invalid page token.");
    if (match[2] !== binding)
      throw invalid(
        "page_token",
        "Invalid page token: it was issued for a request with other parameters (parent or filter); only page_size may change between pages.",
      );
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? Buffer.from(`offset:${offset + pageSize}:${binding}`).toString("base64url") : "";
  return { page, nextPageToken: next };
}

const RESERVED_PREFIXES = ["run.googleapis.com", "cloud.googleapis.com", "serving.knative.dev", "autoscaling.knative.dev"];

function reserved(key: string): boolean {
  const prefix = key.includes("/") ? key.slice(0, key.indexOf("/")) : key;
  return RESERVED_PREFIXES.some((r) => prefix === r || prefix.endsWith(`.${r}`));
}

export function validateLabels(field: string, labels: JsonValue | undefined): void {
  const entries = Object.entries((labels ?? {}) as Json);
  if (entries.length > 64) throw invalid(field, "at most 64 labels");
  for (const [key, value] of entries) {
    if (reserved(key))
      throw invalid(
        `${field}[${truncate(key, 40)}]`,
        "label keys in the run.googleapis.com, cloud.googleapis.com, serving.knative.dev and autoscaling.knative.dev namespaces are reserved",
      );
    if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key))
      throw invalid(`${field}[${truncate(key, 40)}]`, "label keys are 1-63 lowercase letters, digits, '_' or '-', starting with a letter");
    if (typeof value !== "string" || !/^[a-z0-9_-]{0,63}$/.test(value))
      throw invalid(`${field}[${truncate(key, 40)}]`, "label values are at most 63 lowercase letters, digits, '_' or '-'");
  }
}

export function validateAnnotations(field: string, annotations: JsonValue | undefined): void {
  let total = 0;
  for (const [key, value] of Object.entries((annotations ?? {}) as Json)) {
    total += key.length + String(value).length;
    if (reserved(key))
      throw invalid(
        `${field}[${truncate(key, 40)}]`,
        "annotations in the run.googleapis.com, cloud.googleapis.com, serving.knative.dev and autoscaling.knative.dev namespaces are not supported in v2",
      );
    const [prefix, name] = key.includes("/") ? [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)] : ["", key];
    if (prefix.length > 253 || !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(name)) {
      throw invalid(
        `${field}[${truncate(key, 40)}]`,
        "annotation keys are an optional DNS prefix (at most 253 characters), '/', and a name of at most 63 characters",
      );
    }
  }
  if (total > 256 * 1024) throw invalid(field, "annotations exceed 256 KiB in total");
}

export function assertEtag(current: Json, given: JsonValue | undefined): void {
  if (given && given !== current.etag) {
    throw new ApiError(
      "ABORTED",
      `The etag ${String(given)} does not match the current etag ${String(current.etag)} of ${String(current.name)}; re-read the resource and retry.`,
    );
  }
}

export const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The resource a Get or Delete names: a name of its collections (INVALID_ARGUMENT), stored (NOT_FOUND naming it as `kind`). */
export function findNamed<T>(store: Map<string, T>, name: unknown, collections: string[], kind: string): T {
  const parts = parseName("name", name, collections);
  const found = store.get(String(name));
  if (found === undefined) throw new ApiError("NOT_FOUND", `${kind} ${parts[collections.at(-1) as string]} not found.`);
  return found;
}

/**
 * What an Update (AIP-134) names: the request's resource under `field`, its id in the last of
 * `collections`, and the stored one; a missing one is NOT_FOUND unless `allow_missing` asks to create it.
 */
export function updateTarget<T>(
  request: Json,
  field: string,
  collections: string[],
  kind: string,
  store: Map<string, T>,
): { resource: Json; id: string; existing: T | undefined } {
  const resource = request[field] as Json | undefined;
  if (!resource) throw invalid(field, "required");
  const id = parseName(`${field}.name`, resource.name, collections)[collections.at(-1) as string] as string;
  const existing = store.get(String(resource.name));
  if (existing === undefined && !request.allowMissing) throw new ApiError("NOT_FOUND", `${kind} ${id} not found.`);
  return { resource, id, existing };
}

/** One page of a Cloud Run List (AIP-132), newest first: at most 1000 a page, 100 unless asked. */
export function listPage(key: string, items: Json[], request: Json): Json {
  const { page, nextPageToken } = paginate([...items].reverse(), request, 1000, 100);
  return { [key]: page, nextPageToken };
}

/**
 * Which resources a List's parent selects when its last collection id may be `-`, all of them
 * in the location (ListRevisions' `services/-`, ListExecutions' `jobs/-`): a test of a
 * resource's parent name. A parent that is named must exist (NOT_FOUND naming it as `kind`).
 */
export function selectParent(
  parent: unknown,
  collection: string,
  kind: string,
  parents: { has(name: string): boolean },
): (name: string) => boolean {
  const { parts, wildcard } = parseWildcardParent(parent, [collection]);
  const name = String(parent);
  if (wildcard) return (p) => p.startsWith(name.slice(0, -1));
  if (!parents.has(name)) throw new ApiError("NOT_FOUND", `${kind} ${parts[collection]} not found.`);
  return (p) => p === name;
}
