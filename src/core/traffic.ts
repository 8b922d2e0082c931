// Pure traffic arithmetic. Every list Runway writes names revisions explicitly: a LATEST
// entry would silently move to the new revision the moment its template is applied.
import type { protos } from "@google-cloud/run";

type Service = protos.google.cloud.run.v2.IService;
type Target = protos.google.cloud.run.v2.ITrafficTarget;

export interface TrafficEntry {
  revision: string;
  percent: number;
  tag?: string;
}

const LATEST = ["TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", 1] as unknown[];
export const shortRevision = (name: string | null | undefined) =>
  String(name ?? "")
    .split("/")
    .pop() as string;

/** What the service serves now, with LATEST resolved to the revision it stands for. */
export function servedTraffic(service: Service): TrafficEntry[] {
  const latest = shortRevision(service.latestReadyRevision);
  return (service.trafficStatuses ?? []).map((status) => ({
    revision: LATEST.includes(status.type) || !status.revision ? latest : status.revision,
    percent: Number(status.percent ?? 0),
    ...(status.tag ? { tag: status.tag } : {}),
  }));
}

/** Largest-remainder rounding, so the shares always add up to exactly `total`. */
function scale(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    floors[i] = (floors[i] as number) + 1;
  }
  return floors;
}

/**
 * The baseline (what served before the rollout) scaled down to make room for the candidate
 * at `percent`. Baseline tags are kept; a stale copy of the candidate's tag is dropped.
 */
export function withCandidate(baseline: TrafficEntry[], candidate: { revision: string; tag: string }, percent: number): TrafficEntry[] {
  const others = baseline
    .filter((e) => e.revision !== candidate.revision)
    .map((e) => (e.tag === candidate.tag ? { revision: e.revision, percent: e.percent } : e));
  // Nothing left to shift from (a re-run after the candidate already took everything): the
  // candidate keeps all the traffic rather than dropping to the step's share.
  const remaining = others.reduce((sum, e) => sum + e.percent, 0);
  const share = remaining === 0 ? 100 : percent;
  const shares = scale(
    others.map((e) => e.percent),
    100 - share,
  );
  const scaled = others.map((e, i) => ({ ...e, percent: shares[i] as number })).filter((e) => e.percent > 0 || e.tag);
  return [...scaled, { revision: candidate.revision, percent: share, tag: candidate.tag }];
}

export function toTargets(entries: TrafficEntry[]): Target[] {
  return entries.map((e) => ({
    type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
    revision: e.revision,
    percent: e.percent,
    ...(e.tag ? { tag: e.tag } : {}),
  }));
}

/** The revision with the largest share: the one a rollout replaces. */
export function primaryRevision(entries: TrafficEntry[]): string | undefined {
  return [...entries].sort((a, b) => b.percent - a.percent)[0]?.revision;
}

export const describeTraffic = (entries: TrafficEntry[]) =>
  entries.map((e) => `${e.revision} ${e.percent}%${e.tag ? ` (${e.tag})` : ""}`).join(", ") || "none";

export const sameTraffic = (a: TrafficEntry[], b: TrafficEntry[]) =>
  JSON.stringify(a.map((e) => [e.revision, e.percent, e.tag ?? ""]).sort()) ===
  JSON.stringify(b.map((e) => [e.revision, e.percent, e.tag ?? ""]).sort());
