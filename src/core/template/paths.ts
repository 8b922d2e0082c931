// Field paths over Cloud Run resources, for the plan's "changes" and "kept", and for drift.
// Lists whose items have a natural key (containers, env, volumes, mounts) are keyed by it, so a
// reordering is not a change and a path names the thing a person knows ("env[DEBUG]").
import { stableJson } from "../../shared/stable-json.js";

/** The key of an item in a keyed list; undefined leaves the list indexed. */
const ITEM_KEYS: Record<string, string> = {
  containers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  httpHeaders: "name",
  items: "path",
};

/** Leaves of a message as path → stable JSON; empty and default values count as absent. */
export function flatten(value: unknown, prefix = "", out = new Map<string, string>(), itemKey?: string): Map<string, string> {
  if (Array.isArray(value) && value.length && isKeyed(prefix, value)) {
    const key = ITEM_KEYS[lastField(prefix)] as string;
    for (const [i, item] of value.entries()) flatten(item, `${prefix}[${String((item as Record<string, unknown>)[key] || i)}]`, out, key);
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      // The item's key is in its path already (env[DEBUG]), and virtual oneof names are no fields.
      if (k !== itemKey && !isVirtual(k, value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (!isAbsent(value)) {
    // A Duration's seconds is an int64, which the clients return as a string: "120" and 120 are one value.
    out.set(prefix, stableJson(typeof value === "string" && /\.seconds$/.test(prefix) && /^-?\d+$/.test(value) ? Number(value) : value));
  }
  return out;
}

const lastField = (path: string) =>
  path
    .replace(/\[[^\]]*\]$/, "")
    .split(".")
    .pop() as string;
const isKeyed = (prefix: string, items: unknown[]) => {
  const key = ITEM_KEYS[lastField(prefix)];
  return !!key && items.every((item) => item && typeof item === "object");
};

// Over gRPC, proto-loader adds a property per oneof naming the member that is set
// (`values: "valueSource"`); it is not a field. These are the oneofs of google.cloud.run.v2
// (test/core/template-paths.test.ts checks the list against the descriptors).
export const ONEOFS = new Set([
  "source",
  "buildType",
  "reasons",
  "retries",
  "_gpuZonalRedundancyDisabled",
  "values",
  "volumeType",
  "probeType",
  "sourceType",
  "binauthzMethod",
  "_manualInstanceCount",
  "createExecution",
]);
const isVirtual = (key: string, message: object) => ONEOFS.has(key) && typeof (message as Record<string, unknown>)[key] === "string";

/** Proto3 cannot tell these from an unset field: empty, zero, false and UNSPECIFIED enums. */
export function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null || value === "" || value === 0 || value === "0" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "string" && value.endsWith("_UNSPECIFIED");
}

export interface FieldChange {
  path: string;
  before?: string;
  after?: string;
}

/** The leaves that differ between two messages, sorted by path. */
export function diffPaths(before: unknown, after: unknown, ignore: (path: string) => boolean = () => false): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !ignore(p)).sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

/** Whether `path` is `prefix` or lies under it. */
export const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * The live fields the environment did not declare, grouped at the first level a person reads:
 * "template.vpcAccess", "template.volumes[cloudsql]", "template.containers[web].env[EXTRA]".
 */
export function keptPaths(live: unknown, touched: string[], ignore: (path: string) => boolean): string[] {
  const groups = new Set<string>();
  for (const path of flatten(live).keys()) {
    if (ignore(path) || touched.some((t) => under(path, t))) continue;
    groups.add(groupOf(path, touched));
  }
  return [...groups].sort();
}

/**
 * The largest part of the resource around `path` that the environment does not touch:
 * template.vpcAccess.egress → template.vpcAccess, but template.containers[web].env[X].value →
 * template.containers[web].env[X] when other env entries of web are declared.
 */
function groupOf(path: string, touched: string[]): string {
  const parts = path.match(/[^.[\]]+(?:\[[^\]]*\])?/g) ?? [path];
  for (let depth = 1; depth < parts.length; depth++) {
    const prefix = parts.slice(0, depth).join(".");
    if (!touched.some((t) => under(t, prefix))) return prefix;
  }
  return path;
}
