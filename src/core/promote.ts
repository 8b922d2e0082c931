// Promotion moves exactly the release that is live in the source environment, by the same
// image digest, never a rebuild, then rolls it out with the target's own steps and checks.
import { rpcCode } from "../gcp/errors.js";
import { withRetry } from "../gcp/retry.js";
import { getService, type Revision, type Service, serviceName } from "./cloudrun.js";
import { planDeploy } from "./plan.js";
import { makeRelease } from "./release.js";
import { type DeployDeps, type DeployResult, type DeployTarget, deploy } from "./deploy.js";
import { RefusalError } from "./errors.js";
import { readLedger, readRecord, type ReleaseRecord } from "./ledger.js";
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
  const percent = traffic.filter((e) => e.revision === revision).reduce((sum, e) => sum + e.percent, 0);
  if (percent !== 100) throw new RefusalError(`${target.name} is mid-rollout: ${revision} serves ${percent}%, not 100%; promote once its rollout has finished`);
  const state = readLedger(service)[revision]?.state;
  if (state !== "healthy") throw new RefusalError(`the release on ${revision} in ${target.name} is ${state ?? "not a Runway release"}, not healthy; only a healthy release is promoted`);
  const revisionInfo: Revision | undefined = await withRetry(`GetRevision ${revision}`, (o) => deps.clients.revisions.getRevision({ name: `${name}/revisions/${revision}` }, o), deps).then(
    ([r]) => r,
    (error) => (rpcCode(error) === "NOT_FOUND" ? undefined : Promise.reject(error)),
  );
  const ready = revisionInfo?.conditions?.find((c) => c.type === "Ready");
  if (!revisionInfo || !READY.includes(ready?.state)) throw new RefusalError(`${revision} in ${target.name} is not Ready (${ready?.message || ready?.state || "no such revision"})`);
  const record = readRecord(revisionInfo);
  if (!record) throw new RefusalError(`${revision} in ${target.name} carries no Runway release record; deploy it with Runway first`);
  return { revision, record };
}

/** What the target runs; `settled` only once that release serves 100% and is recorded healthy. */
async function targetCommit(target: DeployTarget, deps: DeployDeps): Promise<{ commit?: string; release?: string; settled: boolean; service?: Service }> {
  const service = await getService(deps, serviceName(target.project, target.region, target.service.name));
  const traffic = service ? servedTraffic(service) : [];
  const revision = primaryRevision(traffic);
  const entry = revision ? readLedger(service)[revision] : undefined;
  const settled = entry?.state === "healthy" && traffic.some((e) => e.revision === revision && e.percent === 100);
  return { commit: entry?.commit, release: entry?.release, settled, service };
}

/**
 * A promotion interrupted after recording its release may have left the batch jobs and
 * schedules behind it; its failure asks for a re-run, which brings them in line (no write when
 * they already are) before refusing "already live".
 */
async function catchUp(target: DeployTarget, record: ReleaseRecord, current: Service | undefined, deps: DeployDeps): Promise<void> {
  const afterLive = deps.hooks?.afterLive;
  if (!afterLive) return;
  const release = makeRelease({ image: record.image, commit: record.commit, requireDigest: target.requireDigest, environment: target.name });
  const name = serviceName(target.project, target.region, target.service.name);
  const plan = planDeploy({ environment: target.name, serviceName: name, config: target.service, steps: target.steps, release, current, now: deps.clock.now() });
  await inStep("batch jobs and schedules", () => afterLive({ plan }));
}

export async function promote(request: PromoteRequest, deps: PromoteDeps): Promise<PromoteResult> {
  const readSource = `read the release live in ${request.source.name}`;
  const source = await inStep(readSource, () => deps.logger.group(readSource, () => liveRelease(request.source, deps)));
  if (request.release && request.release !== source.record.id) {
    throw new RefusalError(`${request.source.name} runs release ${source.record.id}, not ${request.release}; promotion moves only the release live in ${request.source.name}`);
  }
  const live = await inStep(`read what ${request.target.name} runs`, () => targetCommit(request.target, deps));
  // Not yet settled (killed between its last traffic step and recording the release), the
  // deploy below resumes the promotion instead.
  if (live.release === source.record.id && live.settled) {
    if (!request.dryRun) await catchUp(request.target, source.record, live.service, deps);
    throw new RefusalError(`release ${source.record.id} is already live in ${request.target.name}`);
  }
  const diff = await deps.diff?.(live.commit, source.record.commit);
  if (diff) deps.logger.info(`promotion ${request.source.name} → ${request.target.name}: ${diff.commits.length} commit(s), ${diff.migrations.length} migration file(s)${diff.note ? ` (${diff.note})` : ""}`);
  const result = await deploy({ target: request.target, image: source.record.image, commit: source.record.commit, dryRun: request.dryRun }, deps);
  return { source: { environment: request.source.name, ...source }, diff, deploy: result };
}
