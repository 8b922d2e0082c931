import { computeEtag } from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { ApiError } from "../errors.js";
import type { Json } from "../proto.js";
import type { RevisionRecord, ServiceRecord } from "../state.js";
import { markRevision, reachableRevisions } from "./revisions.js";
import { LATEST } from "./spec.js";

type Outcome = { response: Json } | { error: ApiError };
const chains = new WeakMap<Emu, Map<string, Promise<unknown>>>();
/** Changes queued or rolling out, per service: only the last one to finish ends reconciling. */
const queued = new WeakMap<Emu, Map<string, number>>();

/** Reconciles one service at a time, in the order the updates arrived. */
export function reconcile(emu: Emu, record: ServiceRecord, revision: RevisionRecord | undefined): Promise<Outcome> {
  const perEmu = chains.get(emu) ?? new Map<string, Promise<unknown>>();
  chains.set(emu, perEmu);
  const counts = queued.get(emu) ?? new Map<string, number>();
  queued.set(emu, counts);
  const name = String(record.resource.name);
  counts.set(name, (counts.get(name) ?? 0) + 1);
  const run = (perEmu.get(name) ?? Promise.resolve())
    .then(() => reconcileNow(emu, record, revision, () => (counts.get(name) ?? 0) <= 1))
    .finally(() => {
      const left = (counts.get(name) ?? 1) - 1;
      if (left > 0) counts.set(name, left);
      else counts.delete(name);
    });
  perEmu.set(
    name,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * A later change is queued behind this one: the service stays reconciling, with its terminal
 * condition RECONCILING, until that change has rolled out too. This change's outcome is its operation's.
 */
function stillReconciling(service: Json): void {
  service.reconciling = true;
  service.etag = computeEtag(service);
}

function fail(emu: Emu, service: Json, code: ApiError["code"], message: string, last: boolean): Outcome {
  if (!last) {
    stillReconciling(service);
    return { error: new ApiError(code, message) };
  }
  const failed = { state: "CONDITION_FAILED", message, lastTransitionTime: timestamp(emu), severity: "ERROR" };
  Object.assign(service, {
    reconciling: false,
    conditions: [
      { type: "ConfigurationsReady", ...failed },
      { type: "RoutesReady", ...failed },
    ],
    terminalCondition: {
      type: "Ready",
      state: "CONDITION_FAILED",
      message,
      lastTransitionTime: timestamp(emu),
      severity: "ERROR",
      reason: "REVISION_FAILED",
    },
  });
  service.etag = computeEtag(service);
  return { error: new ApiError(code, message) };
}

async function reconcileNow(
  emu: Emu,
  record: ServiceRecord,
  revision: RevisionRecord | undefined,
  isLast: () => boolean,
): Promise<Outcome> {
  const serviceId = String(record.resource.name).split("/").pop() as string;
  if (revision) {
    const started = await emu.runtime.startRevision(revision.resource, serviceId);
    markRevision(emu, revision, started.ready, started.ready ? undefined : started.message);
    if (!started.ready) return fail(emu, record.resource, "FAILED_PRECONDITION", started.message, isLast());
    record.resource.latestReadyRevision = revision.resource.name as string;
  }
  // Read after the wait: a later update may have replaced the spec meanwhile.
  const service = record.resource;
  const resolved = resolveTraffic(emu, service);
  if ("error" in resolved) return fail(emu, service, resolved.error.code, resolved.error.message, isLast());
  if (!isLast()) {
    service.trafficStatuses = resolved.statuses;
    stillReconciling(service);
    return { response: { ...service } };
  }
  const now = timestamp(emu);
  Object.assign(service, {
    trafficStatuses: resolved.statuses,
    observedGeneration: service.generation,
    reconciling: false,
    terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
    conditions: [
      { type: "ConfigurationsReady", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
      { type: "RoutesReady", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
    ],
  });
  service.etag = computeEtag(service);
  scaleToZero(emu, service);
  return { response: { ...service } };
}

function resolveTraffic(emu: Emu, service: Json): { statuses: Json[] } | { error: ApiError } {
  const [, project, , location, , serviceId] = String(service.name).split("/") as string[];
  const statuses: Json[] = [];
  for (const target of (service.traffic ?? []) as Json[]) {
    const status: Json = { type: target.type ?? LATEST, percent: target.percent ?? 0 };
    if (target.type === LATEST) {
      if (!service.latestReadyRevision)
        return { error: new ApiError("FAILED_PRECONDITION", "No revision of this service is ready to receive traffic.") };
    } else {
      const revision = emu.store.revisions.get(`${service.name}/revisions/${target.revision}`);
      if (!revision)
        return {
          error: new ApiError(
            "FAILED_PRECONDITION",
            `Revision '${target.revision}' does not exist or is deleted. Update all traffic to route to currently available revisions.`,
          ),
        };
      if (!revision.ready)
        return { error: new ApiError("FAILED_PRECONDITION", `Revision '${target.revision}' is not ready and cannot serve traffic.`) };
      status.revision = target.revision as string;
    }
    if (target.tag) {
      status.tag = target.tag as string;
      status.uri = emu.urls.tag(project as string, location as string, serviceId as string, String(target.tag));
    }
    statuses.push(status);
  }
  return { statuses };
}

/** Instances of revisions that can no longer be reached are stopped; a request restarts them. */
function scaleToZero(emu: Emu, service: Json): void {
  const reachable = reachableRevisions(service);
  for (const name of emu.store.revisions.keys()) {
    if (name.startsWith(`${service.name}/revisions/`) && !reachable.has(name.split("/").pop() as string))
      void emu.runtime.stopRevision(name);
  }
}
