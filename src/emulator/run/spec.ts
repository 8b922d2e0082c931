// Validation of the user-settable parts of a Service, as Cloud Run v2 enforces them.
import { DNS_1035, truncate, validateAnnotations, validateLabels } from "../common.js";
import { invalid } from "../errors.js";
import type { Json } from "../proto.js";
import { type TemplateKind, validateContainers, validateServing, validateVolumes, validateVpcAccess } from "./template.js";

export const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
export const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

export function validateServiceId(id: unknown): string {
  if (typeof id !== "string" || id === "") throw invalid("service_id", "required");
  if (id.length >= 50 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(id)) {
    throw invalid(
      "service_id",
      `${JSON.stringify(truncate(id))} must start with a lowercase letter, contain only lowercase letters, digits and '-', not end with '-', and be under 50 characters`,
    );
  }
  return id;
}

/** A service's revision template, or (kind "job") a job's task template, which has no revision name or serving limits. */
export function validateTemplate(field: string, template: Json | undefined, serviceId: string, kind: TemplateKind = "service"): void {
  if (!template) throw invalid(field, "required");
  validateLabels(`${field}.labels`, template.labels);
  validateAnnotations(`${field}.annotations`, template.annotations);
  const containers = (template.containers ?? []) as Json[];
  if (containers.length === 0) throw invalid(`${field}.containers`, "at least one container is required");
  containers.forEach((c, i) => {
    if (typeof c.image !== "string" || c.image === "") throw invalid(`${field}.containers[${i}].image`, "required");
    if (c.image.length > 1024 || /\s/.test(c.image)) throw invalid(`${field}.containers[${i}].image`, "not a valid image reference");
    for (const [j, env] of ((c.env ?? []) as Json[]).entries()) {
      if (typeof env.name !== "string" || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(env.name))
        throw invalid(`${field}.containers[${i}].env[${j}].name`, "must be a valid environment variable name");
    }
  });
  validateContainers(field, template, kind);
  validateVolumes(field, template);
  validateVpcAccess(`${field}.vpcAccess`, template.vpcAccess as Json | undefined);
  if (kind === "service") validateServing(field, template);
  const revision = template.revision;
  if (revision !== undefined && revision !== "") {
    if (typeof revision !== "string" || revision.length > 63 || !DNS_1035.test(revision))
      throw invalid(`${field}.revision`, "must be a DNS-1035 label of at most 63 characters");
    if (!revision.startsWith(`${serviceId}-`))
      throw invalid(`${field}.revision`, `revision name must use the service name as prefix: ${serviceId}-`);
  }
}

/** Statically valid traffic; whether named revisions exist is checked when the operation runs. */
export function validateTraffic(traffic: Json[]): void {
  if (traffic.length === 0) return;
  let sum = 0;
  const tags = new Set<string>();
  traffic.forEach((target, i) => {
    const percent = Number(target.percent ?? 0);
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw invalid(`traffic[${i}].percent`, "must be between 0 and 100");
    sum += percent;
    const type = target.type ?? (target.revision ? REVISION : undefined);
    if (type !== LATEST && type !== REVISION)
      throw invalid(`traffic[${i}].type`, "must be TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST or TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION");
    if (type === REVISION && !target.revision) throw invalid(`traffic[${i}].revision`, "required when type is REVISION");
    if (type === LATEST && target.revision) throw invalid(`traffic[${i}].revision`, "must be empty when type is LATEST");
    const tag = target.tag;
    if (tag !== undefined && tag !== "") {
      if (typeof tag !== "string" || tag.length > 63 || !DNS_1035.test(tag))
        throw invalid(`traffic[${i}].tag`, `${JSON.stringify(truncate(String(tag)))} is not a valid DNS-1035 label`);
      if (tags.has(tag)) throw invalid(`traffic[${i}].tag`, `tag ${JSON.stringify(tag)} is used more than once`);
      tags.add(tag);
    }
  });
  if (sum !== 100) throw invalid("traffic", `percentages must add up to 100, got ${sum}`);
}

/** An empty traffic list means 100% to the latest ready revision. */
export function normaliseTraffic(traffic: Json[] | undefined): Json[] {
  if (!traffic || traffic.length === 0) return [{ type: LATEST, percent: 100 }];
  return traffic.map((t) => ({ ...t, type: t.type ?? (t.revision ? REVISION : LATEST) }));
}
