import { getService, type RunDeps, serviceName, getRevision } from "../gcp/cloudrun.js";
import { type Drift, readDrift } from "./drift.js";
import { type Ledger, latestOfRelease, readLedger, readRecord, readRollbackReason, rollbackOnto } from "./ledger.js";
import { primaryRevision, servedTraffic, type TrafficEntry } from "./traffic.js";
import { servingIndex } from "./template/merge.js";

export interface StatusTarget {
  name: string;
  project: string;
  region: string;
  service: { name: string };
}

export interface EnvironmentStatus {
  environment: string;
  project: string;
  region: string;
  service: string;
  url?: string;
  live?: {
    revision: string;
    image?: string;
    commit?: string;
    release?: string;
    deployedAt?: string;
    state?: string;
    rolledBackFrom?: RolledBack;
  };
  traffic: TrafficEntry[];
  /** Releases rolled back from this environment (and not live here again since), newest first. */
  rolledBack?: (RolledBack & { release: string })[];
  /** A healthy release live in the promotes-from environment that this one does not run yet. */
  waiting?: { release: string; from: string };
  /** What changed on the service outside Runway since its last release. */
  drift?: Drift;
  /** Such a release that this environment rolled back: it is promoted again only when named. */
  held?: { release: string; from: string; at: string; reason?: string };
}

export interface RolledBack {
  revision: string;
  release?: string;
  at: string;
  /** The reason given to the rollback. */
  reason?: string;
}

/** Releases whose newest state here is rolled back: status and promote hold them back. */
function rolledBackReleases(ledger: Ledger): (RolledBack & { release: string })[] {
  const releases = [...new Set(Object.values(ledger).flatMap((e) => (e.release ? [e.release] : [])))];
  return releases
    .map((release) => latestOfRelease(ledger, release))
    .filter((e) => e?.state === "rolled-back")
    .map((e) => ({ release: e?.release as string, revision: e?.revision as string, at: e?.at as string, ...reasonOf(e?.reason) }))
    .sort((a, b) => b.at.localeCompare(a.at));
}

const reasonOf = (text: string | undefined) => {
  const why = readRollbackReason(text)?.why;
  return why ? { reason: why } : {};
};

export async function environmentStatus(target: StatusTarget, deps: RunDeps): Promise<EnvironmentStatus> {
  const name = serviceName(target.project, target.region, target.service.name);
  const base = { environment: target.name, project: target.project, region: target.region, service: name };
  const service = await getService(deps, name);
  if (!service) return { ...base, traffic: [] };
  const traffic = servedTraffic(service);
  const revision = primaryRevision(traffic);
  if (!revision) return { ...base, url: service.uri ?? undefined, traffic };
  const live = await getRevision(deps, `${name}/revisions/${revision}`);
  const record = live ? readRecord(live) : undefined;
  const ledger = readLedger(service);
  const state = ledger[revision];
  const containers = live?.containers ?? [];
  const image = record?.image ?? containers[servingIndex(containers)]?.image ?? undefined;
  const drift = readDrift(service);
  const onto = rollbackOnto(ledger, revision);
  const rolledBackFrom = onto && {
    revision: onto.revision,
    ...(onto.release ? { release: onto.release } : {}),
    at: onto.at,
    ...(onto.why ? { reason: onto.why } : {}),
  };
  const rolledBack = rolledBackReleases(ledger);
  return {
    ...base,
    url: service.uri ?? undefined,
    live: {
      revision,
      image,
      commit: record?.commit,
      release: record?.id,
      deployedAt: state?.at ?? record?.createdAt,
      state: state?.state,
      ...(rolledBackFrom ? { rolledBackFrom } : {}),
    },
    traffic,
    ...(drift.changes.length ? { drift } : {}),
    ...(rolledBack.length ? { rolledBack } : {}),
  };
}
