// What is live where, read from Cloud Run alone (the ledger): no GitHub, no local state.
import { rpcCode } from "../gcp/errors.js";
import { withRetry } from "../gcp/retry.js";
import { getService, type RunDeps, serviceName } from "./cloudrun.js";
import { type Drift, readDrift } from "./drift.js";
import { readLedger, readRecord } from "./ledger.js";
import { primaryRevision, servedTraffic, type TrafficEntry } from "./traffic.js";

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
  live?: { revision: string; image?: string; commit?: string; release?: string; deployedAt?: string; state?: string };
  traffic: TrafficEntry[];
  /** A healthy release live in the promotes-from environment that this one does not run yet. */
  waiting?: { release: string; from: string };
  /** What changed on the service outside Runway since its last release. */
  drift?: Drift;
}

export async function environmentStatus(target: StatusTarget, deps: RunDeps): Promise<EnvironmentStatus> {
  const name = serviceName(target.project, target.region, target.service.name);
  const base = { environment: target.name, project: target.project, region: target.region, service: name };
  const service = await getService(deps, name);
  if (!service) return { ...base, traffic: [] };
  const traffic = servedTraffic(service);
  const revision = primaryRevision(traffic);
  if (!revision) return { ...base, url: service.uri ?? undefined, traffic };
  const live = await withRetry(`GetRevision ${revision}`, (o) => deps.clients.revisions.getRevision({ name: `${name}/revisions/${revision}` }, o), deps).then(
    ([r]) => r,
    (error) => (rpcCode(error) === "NOT_FOUND" ? undefined : Promise.reject(error)),
  );
  const record = live ? readRecord(live) : undefined;
  const state = readLedger(service)[revision];
  const image = record?.image ?? live?.containers?.[0]?.image ?? undefined;
  const drift = readDrift(service);
  return {
    ...base,
    url: service.uri ?? undefined,
    live: { revision, image, commit: record?.commit, release: record?.id, deployedAt: state?.at ?? record?.createdAt, state: state?.state },
    traffic,
    ...(drift.changes.length ? { drift } : {}),
  };
}
