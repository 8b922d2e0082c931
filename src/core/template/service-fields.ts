// The service-level fields an environment may declare, merged like the template: declared
// values set, the rest of the live service kept. Applied to the service as it is at write time.
import type { Service as Spec } from "../config/types.js";
import { isRunwayKey, type MergeContext } from "./merge.js";
import { INGRESS, type RunService } from "./to-api.js";

export interface ServiceFields {
  /** Top-level fields to set (description, ingress, ...). */
  set: RunService;
  /** The service's labels and annotations other than Runway's own, merged. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function binaryAuthorizationOf(spec: Spec): RunService["binaryAuthorization"] {
  const b = spec.binaryAuthorization;
  if (!b) return undefined;
  return {
    ...(b.useDefault ? { useDefault: true } : { policy: b.policy }),
    ...(b.breakglassJustification ? { breakglassJustification: b.breakglassJustification } : {}),
  };
}

export function mergeServiceFields(ctx: MergeContext, live: RunService | undefined, spec: Spec): ServiceFields {
  const set: RunService = {};
  ctx.set(set, "description", spec.description, "description");
  ctx.set(set, "ingress", spec.ingress && INGRESS[spec.ingress], "ingress");
  ctx.set(set, "customAudiences", spec.customAudiences, "customAudiences");
  ctx.set(set, "binaryAuthorization", binaryAuthorizationOf(spec), "binaryAuthorization");
  ctx.set(set, "invokerIamDisabled", spec.invokerIamCheck === undefined ? undefined : !spec.invokerIamCheck, "invokerIamDisabled");
  const min = spec.scaling?.serviceMinInstances;
  ctx.set(set, "scaling", min === undefined ? undefined : { ...(live?.scaling ?? {}), minInstanceCount: min }, "scaling.minInstanceCount");
  return {
    set,
    labels: ctx.map(live?.labels, spec.labels, "label", "labels"),
    annotations: ctx.map(live?.annotations, spec.annotations, "annotation", "annotations"),
  };
}

const runwayOnly = (record: Record<string, string> | null | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => isRunwayKey(k)));

/** The service with the declared fields applied; Runway's own labels and annotations (the ledger) stay as they are on `service`. */
export function applyServiceFields(service: RunService, fields: ServiceFields): RunService {
  return {
    ...service,
    ...fields.set,
    labels: { ...fields.labels, ...runwayOnly(service.labels) },
    annotations: { ...fields.annotations, ...runwayOnly(service.annotations) },
  };
}
