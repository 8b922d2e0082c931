import {
  assertEtag,
  computeEtag,
  findNamed,
  listPage,
  newUid,
  parseName,
  updateTarget,
  validateAnnotations,
  validateLabels,
  wouldBeCreated,
} from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { ApiError, invalid } from "../errors.js";
import protobuf from "protobufjs";
import { type Json, messageType } from "../proto.js";
import type { CallContext, Handler } from "../registry.js";
import type { RevisionRecord, ServiceRecord } from "../state.js";
// Fields a caller sets, read from the descriptor; everything else on a Service is output only.
import { SERVICE_SETTABLE as SETTABLE, withoutOutputOnly } from "./fields.js";
import { iamHandlers } from "./iam.js";
import { reconcile } from "./reconcile.js";
import { createRevision, templateKey } from "./revisions.js";
import { normaliseTraffic, validateServiceId, validateTemplate, validateTraffic } from "./spec.js";
import { validateEnums, validateScaling } from "./template.js";

const SERVICE_TYPE = "google.cloud.run.v2.Service";

const getService = (emu: Emu, name: unknown): ServiceRecord => findNamed(emu.store.services, name, ["services"], "Service");

function validateService(service: Json, serviceId: string): void {
  // What the caller sets: output-only state (trafficStatuses...) is the server's, never refused.
  validateEnums("service", SERVICE_TYPE, withoutOutputOnly(SERVICE_TYPE, service));
  validateLabels("service.labels", service.labels);
  validateAnnotations("service.annotations", service.annotations);
  validateTemplate("service.template", service.template as Json | undefined, serviceId);
  validateScaling("service.scaling", service.scaling as Json | undefined);
  validateTraffic((service.traffic ?? []) as Json[]);
}

/**
 * The camelCase field names a mask path walks, checked against the Service descriptor. Paths are
 * proto field names (snake_case): over REST the JSON codec has turned proto3 JSON's camelCase into
 * them; over gRPC the FieldMask is binary and carries field names, so a camelCase path is refused
 * there, as for Cloud Scheduler.
 */
function maskPath(path: string): string[] {
  const names: string[] = [];
  let type: protobuf.Type | undefined = messageType(SERVICE_TYPE);
  for (const segment of path.split(".")) {
    const field: protobuf.Field | undefined = /^[a-z][a-z0-9_]*$/.test(segment)
      ? type?.fields[segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())]
      : undefined;
    if (!field || (names.length === 0 && !SETTABLE.includes(field.name)))
      throw invalid("update_mask", `unknown or output-only field path ${JSON.stringify(path)}`);
    field.resolve();
    names.push(field.name);
    type = field.resolvedType instanceof protobuf.Type && !field.map && !field.repeated ? field.resolvedType : undefined;
  }
  return names;
}

/**
 * Applies an update mask (AIP-134, AIP-161): each listed path is copied from the request, down to
 * the field it names, so `template.scaling.max_instance_count` changes that field and keeps the
 * rest of the template. A path whose value the request leaves unset clears that field.
 */
function applyMask(current: Json, update: Json, mask: string | undefined): Json {
  const next = structuredClone(current);
  const paths = mask ? mask.split(",").filter(Boolean).map(maskPath) : SETTABLE.map((f) => [f]);
  for (const names of paths) {
    const value = names.reduce<unknown>((node, name) => (node as Json | undefined)?.[name], update);
    let node = next;
    names.forEach((name, i) => {
      if (i === names.length - 1) {
        if (value === undefined) delete node[name];
        else node[name] = structuredClone(value) as Json;
        return;
      }
      node[name] = { ...((node[name] as Json | undefined) ?? {}) };
      node = node[name] as Json;
    });
  }
  return next;
}

/**
 * Finds the revision a template maps to: an existing one when the template (or its explicit
 * revision name) is unchanged, otherwise a new one. Reusing a name with another config is refused.
 */
function revisionFor(emu: Emu, record: ServiceRecord, template: Json, previous: Json | undefined): RevisionRecord | "unchanged" {
  const key = templateKey(template);
  if (template.revision) {
    const existing = emu.store.revisions.get(`${record.resource.name}/revisions/${template.revision}`);
    if (existing && existing.templateKey !== key) {
      throw new ApiError("ALREADY_EXISTS", `Revision named '${template.revision}' with different configuration already exists.`);
    }
    if (existing) return "unchanged";
  } else if (previous && templateKey(previous) === key && record.resource.latestCreatedRevision) {
    return "unchanged";
  }
  return createRevision(emu, record.resource, template, Number(record.resource.generation ?? 0) + 1);
}

/**
 * The state of a service while a change rolls out (service.proto, `reconciling`): the terminal
 * condition is CONDITION_RECONCILING with reason WAITING_FOR_OPERATION, and its outcome is known
 * only once `reconciling` is false. ConfigurationsReady reconciles only when a revision is made.
 */
export function markReconciling(emu: Emu, service: Json, newRevision: boolean): void {
  const now = timestamp(emu);
  const reconciling = { state: "CONDITION_RECONCILING", reason: "WAITING_FOR_OPERATION", lastTransitionTime: now };
  const previous = ((service.conditions ?? []) as Json[]).find((c) => c.type === "ConfigurationsReady");
  service.reconciling = true;
  service.terminalCondition = { type: "Ready", ...reconciling };
  service.conditions = [
    newRevision || !previous ? { type: "ConfigurationsReady", ...reconciling } : previous,
    { type: "RoutesReady", ...reconciling },
  ];
}

/** Every successful update bumps the generation, as Cloud Run does. */
function stamp(emu: Emu, service: Json, newRevision: boolean): void {
  service.generation = String(Number(service.generation ?? 0) + 1);
  service.updateTime = timestamp(emu);
  markReconciling(emu, service, newRevision);
  service.etag = computeEtag(service);
}

export function serviceHandlers(emu: Emu): Record<string, Handler> {
  const location = (name: string) => name.split("/").slice(0, 4).join("/");

  function startReconcile(record: ServiceRecord, revision: RevisionRecord | undefined, ctx: CallContext): Promise<Json> {
    emu.changed();
    const work = reconcile(emu, record, revision).finally(() => emu.changed());
    return emu.ops.start(location(String(record.resource.name)), SERVICE_TYPE, { ...record.resource }, work, ctx);
  }

  function create(parent: string, serviceId: string, input: Json, validateOnly: boolean, ctx: CallContext): Promise<Json> {
    const name = `${parent}/services/${serviceId}`;
    const service = withoutOutputOnly(SERVICE_TYPE, input);
    if (emu.store.services.has(name)) throw new ApiError("ALREADY_EXISTS", `Resource '${serviceId}' already exists.`);
    validateService(service, serviceId);
    const [, project, , region] = parent.split("/") as string[];
    const now = timestamp(emu);
    const resource: Json = {
      ingress: "INGRESS_TRAFFIC_ALL",
      launchStage: "GA",
      ...Object.fromEntries(SETTABLE.filter((f) => service[f] !== undefined).map((f) => [f, structuredClone(service[f])])),
      name,
      uid: newUid(),
      generation: "1",
      createTime: now,
      updateTime: now,
      creator: "emulator@runway.local",
      lastModifier: "emulator@runway.local",
      traffic: normaliseTraffic(service.traffic as Json[] | undefined),
      uri: emu.urls.service(project as string, region as string, serviceId),
      urls: [emu.urls.service(project as string, region as string, serviceId)],
    };
    markReconciling(emu, resource, true);
    resource.etag = computeEtag(resource);
    if (validateOnly) {
      const wouldBe = wouldBeCreated(resource);
      return emu.ops.start(location(name), SERVICE_TYPE, wouldBe, wouldBe, ctx);
    }
    const record: ServiceRecord = { resource, requestSeq: 0 };
    emu.store.services.set(name, record);
    const revision = createRevision(emu, resource, resource.template as Json, 1);
    resource.latestCreatedRevision = revision.resource.name as string;
    resource.etag = computeEtag(resource);
    return startReconcile(record, revision, ctx);
  }

  return {
    ...iamHandlers(emu, "services"),
    CreateService: (req, ctx) => {
      parseName("parent", req.parent, []);
      const serviceId = validateServiceId(req.serviceId);
      if (!req.service) throw invalid("service", "required");
      return create(String(req.parent), serviceId, req.service as Json, req.validateOnly === true, ctx);
    },
    GetService: (req) => getService(emu, req.name).resource,
    ListServices: (req) => {
      parseName("parent", req.parent, []);
      const prefix = `${req.parent}/services/`;
      const services = [...emu.store.services.values()].map((r) => r.resource).filter((s) => String(s.name).startsWith(prefix));
      return listPage("services", services, req);
    },
    UpdateService: (req, ctx) => {
      const { resource: update, id: serviceId, existing } = updateTarget(req, "service", ["services"], "Service", emu.store.services);
      if (!existing) return create(location(String(update.name)), validateServiceId(serviceId), update, req.validateOnly === true, ctx);
      assertEtag(existing.resource, update.etag);
      const next = applyMask(existing.resource, withoutOutputOnly(SERVICE_TYPE, update), req.updateMask as string | undefined);
      validateService(next, serviceId);
      next.traffic = normaliseTraffic(next.traffic as Json[] | undefined);
      if (req.validateOnly) return emu.ops.start(location(String(update.name)), SERVICE_TYPE, next, next, ctx);
      const previousTemplate = existing.resource.template as Json | undefined;
      const revision = revisionFor(emu, existing, next.template as Json, previousTemplate);
      if (revision !== "unchanged") next.latestCreatedRevision = revision.resource.name as string;
      existing.resource = next;
      stamp(emu, next, revision !== "unchanged");
      return startReconcile(existing, revision === "unchanged" ? undefined : revision, ctx);
    },
    DeleteService: (req, ctx) => {
      const record = getService(emu, req.name);
      assertEtag(record.resource, req.etag);
      const name = String(req.name);
      if (req.validateOnly) return emu.ops.start(location(name), SERVICE_TYPE, record.resource, record.resource, ctx);
      emu.store.services.delete(name);
      emu.store.policies.delete(name);
      for (const revision of [...emu.store.revisions.keys()].filter((r) => r.startsWith(`${name}/revisions/`))) {
        emu.store.revisions.delete(revision);
        void emu.runtime.stopRevision(revision);
      }
      emu.changed();
      const deleted = { ...record.resource, deleteTime: timestamp(emu) };
      return emu.ops.start(location(name), SERVICE_TYPE, deleted, deleted, ctx);
    },
  };
}
