// A deploy starts from the live service and changes only what the environment declares.
// Scalars and messages the YAML sets replace the live value; what it leaves out is kept, known
// to Runway or not (fields added to the API later included). Keyed lists and maps (env, labels,
// volumes, mounts, sidecars) merge per key, the way `kubectl apply` does: an entry the YAML
// declares is set, an entry Runway set before and the YAML no longer has is removed, and an
// entry someone else set is kept. What Runway set is recorded on the template (ANNOTATION_OWNED).
import type { Service as Spec, Sidecar } from "../config/types.js";
import type { Container, EnvVar, Template } from "./to-api.js";
import { declaredVolumes, EXECUTION, envList, mountOf, probeOf, servingMounts, vpcOf } from "./to-api.js";

export const ANNOTATION_OWNED = "runway.dev/owned";
/** Runway's own keys on a template: never carried over from the live one, never reported. */
export const isRunwayKey = (key: string) => key.startsWith("runway") || key.startsWith("runway.dev/");

export class MergeContext {
  /** Keys Runway now owns, written to ANNOTATION_OWNED. */
  readonly owned = new Set<string>();
  /** Paths the environment declared (set or removed), for the plan's "kept" list. */
  readonly touched: string[] = [];
  constructor(readonly before: ReadonlySet<string>) {}

  touch(path: string) {
    this.touched.push(path);
  }

  /** Sets `field` of `target` to `value` when the YAML declared it (value not undefined). */
  set<T extends object, K extends keyof T>(target: T, field: K, value: T[K] | undefined, path: string) {
    if (value === undefined) return;
    target[field] = value;
    this.touch(path);
  }

  /** Merges a keyed list: declared items set, items Runway owned before and dropped removed, others kept. */
  keyed<T>(
    live: T[] | null | undefined,
    declared: T[] | undefined,
    keyOf: (item: T) => string,
    scope: string,
    path: string,
    at = itemPath,
  ): T[] {
    const wanted = new Map((declared ?? []).map((item) => [keyOf(item), item]));
    for (const key of wanted.keys()) {
      this.owned.add(`${scope}:${key}`);
      this.touch(at(path, key));
    }
    const merged = (live ?? []).flatMap((item) => {
      const key = keyOf(item);
      const replacement = wanted.get(key);
      if (replacement !== undefined) {
        wanted.delete(key);
        return [replacement];
      }
      if (!this.before.has(`${scope}:${key}`)) return [item];
      this.touch(at(path, key));
      return [];
    });
    return [...merged, ...wanted.values()];
  }

  /** Merges a string map the same way (labels, annotations); Runway's own keys are left to the caller. */
  map(live: Record<string, string> | null | undefined, declared: Record<string, string> | undefined, scope: string, path: string) {
    const entries = (record: Record<string, string> | null | undefined) =>
      Object.entries(record ?? {})
        .filter(([k]) => !isRunwayKey(k))
        .map(([name, value]) => ({ name, value }));
    const declaredEntries = declared === undefined ? undefined : entries(declared);
    const merged = this.keyed(
      entries(live),
      declaredEntries,
      (e) => e.name,
      scope,
      path,
      (p, key) => `${p}.${key}`,
    );
    return Object.fromEntries(merged.map((e) => [e.name, e.value]));
  }
}

/** How paths.ts names an item of a keyed list. */
const itemPath = (path: string, key: string) => `${path}[${key}]`;
const clone = <T>(value: T): T => (value === undefined || value === null ? value : structuredClone(value));

/** The live container that serves: the one with a port (Cloud Run requires exactly one), else the only one. */
export function servingIndex(containers: Container[]): number {
  const index = containers.findIndex((c) => (c.ports ?? []).length > 0);
  return index >= 0 ? index : 0;
}

type ContainerSpec = Pick<
  Spec,
  "command" | "args" | "env" | "secrets" | "resources" | "mounts" | "startupProbe" | "livenessProbe" | "dependsOn"
>;

/** One container: the declared fields over the live container, the rest kept. */
function mergeContainer(
  ctx: MergeContext,
  live: Container | undefined,
  spec: ContainerSpec,
  key: string,
  path: string,
  mounts = spec.mounts?.map(mountOf),
): Container {
  const c: Container = clone(live) ?? {};
  ctx.set(c, "command", spec.command, `${path}.command`);
  ctx.set(c, "args", spec.args, `${path}.args`);
  ctx.set(c, "startupProbe", probeOf(spec.startupProbe), `${path}.startupProbe`);
  ctx.set(c, "livenessProbe", probeOf(spec.livenessProbe), `${path}.livenessProbe`);
  ctx.set(c, "dependsOn", spec.dependsOn, `${path}.dependsOn`);
  const declaredEnv = spec.env || spec.secrets ? envList(spec.env, spec.secrets) : [];
  c.env = ctx.keyed<EnvVar>(c.env, declaredEnv, (e) => String(e.name), `env:${key}`, `${path}.env`);
  c.volumeMounts = ctx.keyed(c.volumeMounts, mounts ?? [], (m) => String(m.mountPath), `mount:${key}`, `${path}.volumeMounts`);
  const r = spec.resources;
  if (r) {
    c.resources = clone(c.resources) ?? {};
    const limits = { ...(c.resources.limits ?? {}) };
    ctx.set(limits, "cpu", r.cpu, `${path}.resources.limits.cpu`);
    ctx.set(limits, "memory", r.memory, `${path}.resources.limits.memory`);
    c.resources.limits = limits;
    ctx.set(c.resources, "cpuIdle", r.cpuIdle, `${path}.resources.cpuIdle`);
    ctx.set(c.resources, "startupCpuBoost", r.startupCpuBoost, `${path}.resources.startupCpuBoost`);
  }
  return c;
}

function mergeServing(ctx: MergeContext, live: Container | undefined, spec: Spec, image: string, path: string): Container {
  const c = mergeContainer(ctx, live, spec, "serving", path, servingMounts(spec));
  c.image = image;
  ctx.touch(`${path}.image`);
  ctx.set(c, "name", spec.containerName, `${path}.name`);
  if (spec.port !== undefined || spec.http2 !== undefined) {
    const port = { ...(c.ports?.[0] ?? {}) };
    ctx.set(port, "containerPort", spec.port, `${path}.ports`);
    ctx.set(port, "name", spec.http2 === undefined ? undefined : spec.http2 ? "h2c" : "http1", `${path}.ports`);
    c.ports = [port];
  }
  return c;
}

function mergeSidecar(ctx: MergeContext, live: Container | undefined, spec: Sidecar, path: string): Container {
  const c = mergeContainer(ctx, live, spec, spec.name, path);
  c.name = spec.name;
  c.image = spec.image;
  ctx.touch(`${path}.image`);
  return c;
}

const containerPath = (c: Container, i: number) => `template.containers[${c.name || i}]`;

/** The serving container in place, declared sidecars merged by name, dropped sidecars removed. */
function mergeContainers(ctx: MergeContext, live: Container[], spec: Spec, image: string): Container[] {
  const serving = live.length ? servingIndex(live) : -1;
  const sidecars = new Map((spec.sidecars ?? []).map((s) => [s.name, s]));
  const merged: Container[] = [];
  live.forEach((c, i) => {
    const declared = sidecars.get(String(c.name));
    if (i === serving) merged.push(mergeServing(ctx, c, spec, image, containerPath(c, i)));
    else if (declared) merged.push(mergeSidecar(ctx, c, declared, containerPath(c, i)));
    else if (ctx.before.has(`container:${c.name}`)) ctx.touch(containerPath(c, i));
    else merged.push(c);
    if (declared) sidecars.delete(declared.name);
  });
  if (serving < 0) merged.push(mergeServing(ctx, undefined, spec, image, "template.containers[0]"));
  for (const sidecar of sidecars.values()) merged.push(mergeSidecar(ctx, undefined, sidecar, `template.containers[${sidecar.name}]`));
  for (const sidecar of spec.sidecars ?? []) ctx.owned.add(`container:${sidecar.name}`);
  return merged;
}

/** The revision template: the live one (without Runway's keys and revision name) with the declared fields applied. */
export function mergeTemplate(ctx: MergeContext, live: Template | null | undefined, spec: Spec, image: string): Template {
  const t: Template = clone(live) ?? {};
  delete t.revision;
  t.labels = ctx.map(t.labels, spec.labels, "label", "template.labels");
  t.annotations = Object.fromEntries(Object.entries(t.annotations ?? {}).filter(([k]) => !isRunwayKey(k)));
  ctx.set(t, "serviceAccount", spec.serviceAccount, "template.serviceAccount");
  ctx.set(t, "timeout", spec.timeoutMs === undefined ? undefined : { seconds: Math.round(spec.timeoutMs / 1000) }, "template.timeout");
  ctx.set(t, "maxInstanceRequestConcurrency", spec.concurrency, "template.maxInstanceRequestConcurrency");
  ctx.set(t, "executionEnvironment", spec.executionEnvironment && EXECUTION[spec.executionEnvironment], "template.executionEnvironment");
  ctx.set(t, "sessionAffinity", spec.sessionAffinity, "template.sessionAffinity");
  ctx.set(t, "vpcAccess", vpcOf(spec.vpc, t.vpcAccess), "template.vpcAccess");
  if (spec.scaling?.minInstances !== undefined || spec.scaling?.maxInstances !== undefined) {
    t.scaling = { ...(t.scaling ?? {}) };
    ctx.set(t.scaling, "minInstanceCount", spec.scaling.minInstances, "template.scaling.minInstanceCount");
    ctx.set(t.scaling, "maxInstanceCount", spec.scaling.maxInstances, "template.scaling.maxInstanceCount");
  }
  t.volumes = ctx.keyed(t.volumes, declaredVolumes(spec) ?? [], (v) => String(v.name), "volume", "template.volumes");
  t.containers = mergeContainers(ctx, t.containers ?? [], spec, image);
  return t;
}
