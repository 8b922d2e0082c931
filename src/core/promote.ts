import { getService, type Revision, serviceName, getRevision } from "../gcp/cloudrun.js";
import { type DeployDeps, type DeployResult, type DeployTarget, deploy } from "./deploy.js";
import { RefusalError } from "../shared/errors.js";
import { latestOfRelease, readLedger, readRecord, readRollbackReason, type ReleaseRecord, type StateEntry } from "./ledger.js";
import type { PromotionDiff } from "./promotion-diff.js";
import { inStep } from "./timeline.js";
import { primaryRevision, servedTraffic } from "./traffic.js";

export interface PromoteRequest {
  source: DeployTarget;
  target: DeployTarget;
  /** When given, the release the caller expects to promote; a different live release is refused. */
  release?: string;
  dryRun: boolean;
}

export interface PromoteDeps extends DeployDeps {
  diff?: (base: string | undefined, head: string) => Promise<PromotionDiff>;
}

export interface PromoteResult {
  source: { environment: string; revision: string; record: ReleaseRecord };
  diff?: PromotionDiff;
  deploy: DeployResult;
}

const READY = ["CONDITION_SUCCEEDED", 4] as unknown[];

/** The release live in the source, refused unless it is Ready, at 100% and healthy. */
export async function liveRelease(target: DeployTarget, deps: DeployDeps): Promise<{ revision: string; record: ReleaseRecord }> {
  const name = serviceName(target.project, target.region, target.service.name);
  const service = await getService(deps, name);
  const traffic = service ? servedTraffic(service) : [];
  const revision = primaryRevision(traffic);
  if (!service || !revision) throw new RefusalError(`${target.name} has no live release to promote`);
  // While Cloud Run reconciles, traffic_statuses and latest_ready_revision are transient and the
  // terminal condition is RECONCILING (service.proto, `reconciling`): nothing read now is an outcome.
  if (service.reconciling)
    throw new RefusalError(
      `${target.name} is mid-rollout: Cloud Run is still reconciling a change to ${target.service.name}; promote once it has finished`,
    );
  const percent = traffic.filter((e) => e.revision === revision).reduce((sum, e) => sum + e.percent, 0);
  if (percent !== 100)
    throw new RefusalError(
      `${target.name} is mid-rollout: ${revision} serves ${percent}%, not 100%; promote once its rollout has finished`,
    );
  const state = readLedger(service)[revision]?.state;
  if (state !== "healthy")
    throw new RefusalError(
      `the release on ${revision} in ${target.name} is ${state ?? "not a Runway release"}, not healthy; only a healthy release is promoted`,
    );
  const revisionInfo: Revision | undefined = await getRevision(deps, `${name}/revisions/${revision}`);
  // A Ready condition is an outcome only once the revision is no longer reconciling.
  const ready = revisionInfo?.reconciling ? undefined : revisionInfo?.conditions?.find((c) => c.type === "Ready");
  if (!revisionInfo || !READY.includes(ready?.state))
    throw new RefusalError(
      `${revision} in ${target.name} is not Ready (${ready?.message || ready?.state || (revisionInfo?.reconciling ? "still reconciling" : "no such revision")})`,
    );
  const record = readRecord(revisionInfo);
  if (!record) throw new RefusalError(`${revision} in ${target.name} carries no Runway release record; deploy it with Runway first`);
  return { revision, record };
}

/** What the target runs, and how the release to promote last ended there, if it ran there. */
async function targetCommit(
  target: DeployTarget,
  deps: DeployDeps,
  candidate: string,
): Promise<{ commit?: string; release?: string; candidate?: StateEntry }> {
  const service = await getService(deps, serviceName(target.project, target.region, target.service.name));
  const revision = service ? primaryRevision(servedTraffic(service)) : undefined;
  const ledger = readLedger(service);
  const entry = revision ? ledger[revision] : undefined;
  return { commit: entry?.commit, release: entry?.release, candidate: latestOfRelease(ledger, candidate) };
}

/** A release the target rolled back goes there again only when the caller names it. */
function assertNotRolledBack(request: PromoteRequest, id: string, entry: StateEntry | undefined): void {
  if (entry?.state !== "rolled-back" || request.release === id) return;
  const why = readRollbackReason(entry.reason)?.why;
  throw new RefusalError(
    `release ${id} was rolled back from ${request.target.name} at ${entry.at}${why ? ` (${why})` : ""}; it is not promoted again by default. To promote it again on purpose, give release: ${id} (--release ${id} in the CLI)`,
  );
}

export async function promote(request: PromoteRequest, deps: PromoteDeps): Promise<PromoteResult> {
  const readSource = `read the release live in ${request.source.name}`;
  const source = await inStep(readSource, () => deps.logger.group(readSource, () => liveRelease(request.source, deps)));
  if (request.release && request.release !== source.record.id) {
    throw new RefusalError(
      `${request.source.name} runs release ${source.record.id}, not ${request.release}; promotion moves only the release live in ${request.source.name}`,
    );
  }
  const live = await inStep(`read what ${request.target.name} runs`, () => targetCommit(request.target, deps, source.record.id));
  assertNotRolledBack(request, source.record.id, live.candidate);
  const deployRequest = { target: request.target, image: source.record.image, commit: source.record.commit, dryRun: request.dryRun };
  if (live.release === source.record.id) {
    const already = new RefusalError(`release ${source.record.id} is already live in ${request.target.name}`);
    if (request.dryRun) throw already;
    // An earlier promotion of it may have stopped after its traffic moved (the release not yet
    // recorded healthy, or its batch jobs and schedules not brought in line). The deploy engine
    // finishes what is left and writes nothing when nothing is; only then is it "already live".
    const finished = await deploy(deployRequest, deps);
    if (finished.outcome !== "unchanged") return { source: { environment: request.source.name, ...source }, deploy: finished };
    throw already;
  }
  const diff = await deps.diff?.(live.commit, source.record.commit);
  if (diff)
    deps.logger.info(
      `promotion ${request.source.name} → ${request.target.name}: ${diff.commits.length} commit(s), ${diff.migrations.length} migration file(s)${diff.note ? ` (${diff.note})` : ""}`,
    );
  const result = await deploy(deployRequest, deps);
  return { source: { environment: request.source.name, ...source }, diff, deploy: result };
}
