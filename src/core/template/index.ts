// From the environment's service block and the live service to what a deploy writes: the
// revision template and the service-level fields, plus what the plan shows about them.
import type { Service as Spec } from "../config/types.js";
import { ANNOTATION_OWNED, isRunwayKey, MergeContext, mergeTemplate, servingIndex } from "./merge.js";
import { diffPaths, type FieldChange, keptPaths } from "./paths.js";
import { mergeServiceFields, type ServiceFields } from "./service-fields.js";
import type { RunService, Template } from "./to-api.js";

export { ANNOTATION_OWNED, isRunwayKey } from "./merge.js";
export { applyServiceFields, type ServiceFields } from "./service-fields.js";
export type { FieldChange } from "./paths.js";
export type { RunService, Template } from "./to-api.js";

export interface BuiltRevision {
  /** The template without the release's facts (no revision name, no Runway labels or annotations). */
  template: Template;
  service: ServiceFields;
  /** Keys Runway owns after this deploy, for ANNOTATION_OWNED. */
  owned: string[];
  /** What the deploy changes on the live template and service, other than the image and Runway's keys. */
  changes: FieldChange[];
  /** Live fields the environment does not declare, kept as they are. */
  kept: string[];
}

/** What Runway set on the live template before: the keys it may remove when the YAML drops them. */
export function ownedBefore(live: RunService | undefined): Set<string> {
  const text = live?.template?.annotations?.[ANNOTATION_OWNED];
  try {
    const keys: unknown = text ? JSON.parse(text) : [];
    return new Set(Array.isArray(keys) ? keys.map(String) : []);
  } catch {
    return new Set();
  }
}

/** Runway's own keys and the revision name: rewritten by every deploy, never configuration. */
export function isRunwayPath(path: string): boolean {
  if (path === "template.revision") return true;
  const key = /^(?:template\.)?(?:labels|annotations)\.(.+)$/.exec(path)?.[1];
  return key !== undefined && isRunwayKey(key);
}

/** What a release itself changes on `service`: Runway's keys and the serving container's image. */
export function releasePaths(service: RunService | undefined): (path: string) => boolean {
  const containers = service?.template?.containers ?? [];
  const serving = containers[servingIndex(containers)];
  const image = `template.containers[${serving?.name || servingIndex(containers)}].image`;
  return (path) => path === image || isRunwayPath(path);
}

/** The service-level part of a service that a deploy may touch (with `fields` applied), for diffs and drift. */
export function serviceView(service: RunService | undefined, fields?: ServiceFields): Record<string, unknown> {
  const { description, ingress, customAudiences, binaryAuthorization, invokerIamDisabled, scaling, labels, annotations } = service ?? {};
  const view = { description, ingress, customAudiences, binaryAuthorization, invokerIamDisabled, scaling, labels, annotations };
  return fields ? { ...view, ...fields.set, labels: fields.labels, annotations: fields.annotations } : view;
}

export function buildRevision(spec: Spec, image: string, live: RunService | undefined): BuiltRevision {
  const ctx = new MergeContext(ownedBefore(live));
  const template = mergeTemplate(ctx, live?.template, spec, image);
  const service = mergeServiceFields(ctx, live, spec);
  const before = { ...serviceView(live), template: live?.template };
  const after = { ...serviceView(live, service), template };
  return {
    template,
    service,
    owned: [...ctx.owned].sort(),
    changes: live ? diffPaths(before, after, releasePaths(live)) : [],
    kept: live ? keptPaths(before, ctx.touched, releasePaths(live)) : [],
  };
}
