import { assertEtag, computeEtag, findNamed, listPage, newUid, randomSuffix, selectParent, stableJson } from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { failedPrecondition } from "../errors.js";
import type { Json } from "../proto.js";
import type { Handler } from "../registry.js";
import type { RevisionRecord, ServiceRecord } from "../state.js";
// Every RevisionTemplate field that Revision also has, read from the descriptors.
import { REVISION_FROM_TEMPLATE as COPIED_FIELDS } from "./fields.js";

const REVISION_TYPE = "google.cloud.run.v2.Revision";

/** The part of a template that defines a revision; its name is not part of its config. */
export function templateKey(template: Json): string {
  const { revision: _name, ...config } = template;
  return stableJson(config);
}

const pad = (n: number) => String(n).padStart(5, "0");

/** Creates the revision a template change produces; the caller has checked name reuse. */
/** Generated names are `<service>-<generation, 5 digits>-<3 random characters>`. */
export function createRevision(emu: Emu, svc: Json, template: Json, generation: number): RevisionRecord {
  const serviceId = String(svc.name).split("/").pop() as string;
  const id = (template.revision as string | undefined) || `${serviceId}-${pad(generation)}-${randomSuffix(3)}`;
  const now = timestamp(emu);
  const resource: Json = {
    name: `${svc.name}/revisions/${id}`,
    uid: newUid(),
    generation: "1",
    createTime: now,
    updateTime: now,
    launchStage: "GA",
    // revision.proto: "Email address of the authenticated creator", the identity that made the change.
    creator: String(svc.lastModifier ?? "emulator@runway.local"),
    service: String(svc.name),
    timeout: "300s",
    maxInstanceRequestConcurrency: 80,
    reconciling: true,
    observedGeneration: "1",
    conditions: [{ type: "Ready", state: "CONDITION_RECONCILING", lastTransitionTime: now }],
    logUri: emu.urls.logs(`${svc.name}/revisions/${id}`),
  };
  for (const field of COPIED_FIELDS) if (template[field] !== undefined) resource[field] = structuredClone(template[field]);
  resource.etag = computeEtag(resource);
  const record: RevisionRecord = { resource, templateKey: templateKey(template), ready: false };
  emu.store.revisions.set(String(resource.name), record);
  return record;
}

export function markRevision(emu: Emu, record: RevisionRecord, ready: boolean, message?: string): void {
  const now = timestamp(emu);
  const state = ready ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED";
  const failure = ready ? {} : { revisionReason: "HEALTH_CHECK_CONTAINER_ERROR", message: message ?? "", severity: "ERROR" };
  record.ready = ready;
  Object.assign(record.resource, {
    reconciling: false,
    updateTime: now,
    conditions: [
      { type: "Ready", state, lastTransitionTime: now, ...failure },
      { type: "ContainerHealthy", state, lastTransitionTime: now },
      { type: "ResourcesAvailable", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
    ],
  });
  record.resource.etag = computeEtag(record.resource);
}

/** Revisions the service can still route to: by percent, by tag, or as its latest. */
export function reachableRevisions(service: Json): Set<string> {
  const names = new Set<string>();
  for (const list of [service.traffic, service.trafficStatuses] as (Json[] | undefined)[]) {
    for (const target of list ?? []) {
      if (target.revision && (Number(target.percent ?? 0) > 0 || target.tag)) names.add(String(target.revision));
    }
  }
  for (const latest of [service.latestReadyRevision, service.latestCreatedRevision])
    if (latest) names.add(String(latest).split("/").pop() as string);
  return names;
}

const getRevision = (emu: Emu, name: unknown): RevisionRecord =>
  findNamed(emu.store.revisions, name, ["services", "revisions"], "Revision");

export function revisionHandlers(emu: Emu): Record<string, Handler> {
  return {
    GetRevision: (req) => getRevision(emu, req.name).resource,
    ListRevisions: (req) => {
      // "To list all Revisions across Services, use "-" instead of Service name" (revision.proto).
      const selected = selectParent(req.parent, "services", "Service", emu.store.services);
      const revisions = [...emu.store.revisions.values()].map((r) => r.resource).filter((r) => selected(String(r.service)));
      return listPage("revisions", revisions, req);
    },
    DeleteRevision: (req, ctx) => {
      const record = getRevision(emu, req.name);
      const revision = record.resource;
      assertEtag(revision, req.etag);
      const service = emu.store.services.get(String(revision.service)) as ServiceRecord;
      const id = String(revision.name).split("/").pop() as string;
      const siblings = [...emu.store.revisions.values()].filter((r) => r.resource.service === revision.service);
      if (siblings.length === 1) throw failedPrecondition(`Revision ${id} is the only revision of its service and cannot be deleted.`);
      if (reachableRevisions(service.resource).has(id)) {
        throw failedPrecondition(`Revision ${id} cannot be deleted: it is the latest revision, is tagged, or is receiving traffic.`);
      }
      const location = String(revision.name).split("/").slice(0, 4).join("/");
      if (req.validateOnly) return emu.ops.start(location, REVISION_TYPE, revision, revision, ctx);
      emu.store.revisions.delete(String(revision.name));
      emu.changed();
      void emu.runtime.stopRevision(String(revision.name));
      return emu.ops.start(
        location,
        REVISION_TYPE,
        { ...revision, deleteTime: timestamp(emu) },
        { ...revision, deleteTime: timestamp(emu) },
        ctx,
      );
    },
  };
}
