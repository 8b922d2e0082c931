// The deploy engine's steps below the flow: writing the revision, checking it, restoring traffic
// after a failure, and mirroring the rollout to GitHub.
import type { SmokeCheck } from "./config/types.js";
import { rpcCode } from "../gcp/errors.js";
import { createService, getRevision, type RunDeps, type Service } from "../gcp/cloudrun.js";
import { RefusalError } from "../shared/errors.js";
import type { Logger } from "../shared/runtime.js";
import { runChecks } from "./checks.js";
import type { DeployDeps, DeploymentMirror } from "./deploy-types.js";
import { readLedger, readRecord, type ReleaseRecord, type StateEntry, withState } from "./ledger.js";
import type { DeployPlan } from "./plan.js";
import { writtenAnnotation } from "./drift.js";
import { setTraffic, type Writer, write } from "./rollout.js";
import { applyServiceFields } from "./template/index.js";
import { servingIndex } from "./template/merge.js";
import type { StepError } from "./timeline.js";
import { describeTraffic, primaryRevision, servedTraffic, shortRevision, type TrafficEntry, toTargets } from "./traffic.js";

/**
 * A revision Cloud Run reports serving that its own traffic spec does not name is looked up
 * before any write: the rollout would send it back as a traffic target, and a revision that no
 * longer exists would fail that write half-way through the rollout. Normally every served
 * revision is in the spec, so this costs no call.
 */
export async function assertServedExist(service: Service, deps: RunDeps): Promise<void> {
  // A spec entry without a revision (LATEST) stands for the latest ready one, as in servedTraffic.
  const named = new Set((service.traffic ?? []).map((t) => shortRevision(t.revision || service.latestReadyRevision)));
  for (const entry of servedTraffic(service).filter((e) => e.percent > 0 && !named.has(e.revision))) {
    const name = `${service.name}/revisions/${entry.revision}`;
    const found = await getRevision(deps, name);
    if (!found) {
      throw new RefusalError(
        `Cloud Run reports ${entry.percent}% of ${shortRevision(service.name)}'s traffic on ${entry.revision}, which does not exist; Runway writes nothing to a service in that state. Correct its traffic (or roll back), then re-run`,
      );
    }
  }
}

/**
 * The image of the revision serving most traffic: what "image before" means. The service
 * template is not it after a failed release or a preview (both leave their image there). The
 * ledger records each release's image, so only a revision Runway did not deploy costs a call.
 */
export async function servingImage(service: Service, deps: RunDeps): Promise<string | undefined> {
  const revision = primaryRevision(servedTraffic(service));
  if (!revision) return undefined;
  const known = readLedger(service)[revision]?.image;
  if (known) return known;
  const name = `${service.name}/revisions/${revision}`;
  const found = await getRevision(deps, name);
  const containers = found?.containers ?? [];
  return containers[servingIndex(containers)]?.image ?? undefined;
}

export const tagUri = (service: Service, tag: string) => service.trafficStatuses?.find((t) => t.tag === tag)?.uri ?? undefined;
export const stateEntry = (deps: RunDeps, state: "deploying" | "healthy" | "failed", reason?: string, plan?: DeployPlan): StateEntry => ({
  state,
  at: deps.clock.now().toISOString(),
  ...(reason ? { reason } : {}),
  ...(plan
    ? {
        release: plan.release.id,
        commit: plan.release.commit,
        image: plan.release.image,
        ...(plan.trafficBefore.length ? { replaced: primaryRevision(plan.trafficBefore) } : {}),
      }
    : {}),
  ...(plan?.migrations?.length ? { migrations: plan.migrations } : {}),
  ...(plan?.schema ? { schema: plan.schema } : {}),
});

/** Writes the template (or reuses the revision a previous run created) with no traffic moved. */
export async function createRevision(
  deps: DeployDeps,
  plan: DeployPlan,
  writer: Writer,
  current: Service | undefined,
): Promise<{ service: Service; record?: ReleaseRecord }> {
  const deploying = (s: Service) => withState(s, plan.revision, stateEntry(deps, "deploying", undefined, plan));
  if (!current) {
    const service = applyServiceFields(
      { template: plan.template, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100, tag: plan.tag }] },
      plan.serviceFields,
    );
    writer.service = await createService(deps, plan.service, { ...service, annotations: deploying(service) });
    return { service: writer.service };
  }
  // A stale copy of the release tag on another revision is dropped, never the entry itself.
  const untagged = plan.trafficBefore
    .map((e) => (e.tag === plan.tag ? { revision: e.revision, percent: e.percent } : e))
    .filter((e) => e.percent > 0 || e.tag);
  const atZero = [...untagged, { revision: plan.revision, percent: 0, tag: plan.tag }];
  const existing = current.template?.revision === plan.revision ? await readExisting(deps, plan) : undefined;
  if (existing) {
    deps.logger.info(`  ${plan.revision} exists from an earlier run of ${plan.release.id}; reusing it`);
    return { service: await write(deps, writer, (s) => ({ ...s, traffic: keepShifted(s, plan, atZero) })), record: existing };
  }
  try {
    const service = await write(deps, writer, (s) => {
      const next = applyServiceFields(setTraffic(atZero)(s), plan.serviceFields);
      return { ...next, template: plan.template, annotations: deploying(next) };
    });
    return { service };
  } catch (error) {
    if (rpcCode(error) !== "ALREADY_EXISTS") throw error;
    const record = await readExisting(deps, plan);
    if (!record || record.id !== plan.release.id) throw error;
    deps.logger.info(`  ${plan.revision} exists from an earlier deploy of ${plan.release.id}; reusing it`);
    return { service: await write(deps, writer, setTraffic(atZero)), record };
  }
}

/** On a re-run, traffic already shifted to the candidate stays where it is until its step. */
function keepShifted(service: Service, plan: DeployPlan, atZero: TrafficEntry[]) {
  const served = servedTraffic(service);
  const shifted = served.find((e) => e.revision === plan.revision && e.percent > 0);
  return toTargets(shifted ? served : atZero);
}

async function readExisting(deps: DeployDeps, plan: DeployPlan): Promise<ReleaseRecord | undefined> {
  const revision = await getRevision(deps, `${plan.service}/revisions/${plan.revision}`, []);
  return readRecord(revision!);
}

export async function checkAll(deps: DeployDeps, checks: SmokeCheck[], url: string | undefined): Promise<string> {
  if (!url) throw new Error("the service reports no URL for the release tag");
  const results = await runChecks(url, checks, {
    fetch: deps.fetch,
    clock: deps.clock,
    logger: deps.logger,
    retryDelayMs: deps.checkRetryDelayMs,
  });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(failed.map((r) => `check ${r.name} failed: ${r.problem} (${r.url})`).join("; "));
  return `${results.length} check${results.length === 1 ? "" : "s"} passed`;
}

/** Puts traffic back as it was before the rollout (tags included) and marks the revision failed. */
export async function restore(
  deps: DeployDeps,
  writer: Writer,
  plan: DeployPlan,
  previous: TrafficEntry[],
  failure: StepError,
): Promise<boolean> {
  if (!writer.service.name) return true;
  const failed = { revision: plan.revision, entry: stateEntry(deps, "failed", failure.message.slice(0, 300)) };
  try {
    await deps.logger.group("restore traffic", async () => {
      // The failed release's template stays: record it, so that it is not taken for drift.
      const written = (s: Service) => writtenAnnotation(s, plan.release.id, plan.revision);
      if (previous.length === 0)
        await write(deps, writer, (s) => ({ ...s, annotations: { ...withState(s, failed.revision, failed.entry), ...written(s) } }));
      else
        await write(deps, writer, (s) => {
          const next = setTraffic(previous, failed)(s);
          return { ...next, annotations: { ...next.annotations, ...written(s) } };
        });
      deps.logger.info(`  restored: ${describeTraffic(previous)}`);
    });
    return true;
  } catch (error) {
    deps.logger.error(
      `restoring traffic failed: ${(error as Error).message}. Traffic may still reach ${plan.revision}; re-run this deploy or roll back.`,
    );
    return false;
  }
}

/**
 * Records a release in GitHub's Deployments, best effort, with its first status: in_progress for
 * a release under way (a deploy or promotion), success for one that is live already (a rollback).
 * The one way every command records to GitHub.
 */
export async function recordDeployment(
  deps: { mirror?: DeploymentMirror; logger: Logger },
  record: Parameters<DeploymentMirror["start"]>[0],
  state: "in_progress" | "success",
  options: { environmentUrl?: string; description?: string } = {},
): Promise<number | undefined> {
  if (!deps.mirror) return undefined;
  try {
    const id = await deps.mirror.start(record);
    if (id) await deps.mirror.status(id, state, options);
    return id;
  } catch (error) {
    deps.logger.warn(`GitHub Deployment not recorded: ${(error as Error).message}`);
    return undefined;
  }
}

export function mirrorStart(deps: DeployDeps, plan: DeployPlan): Promise<number | undefined> {
  return recordDeployment(
    deps,
    {
      environment: plan.environment,
      ref: plan.release.commit,
      payload: { release: plan.release.id, image: plan.release.image, revision: plan.revision, service: plan.service },
      description: `Runway ${plan.release.id} to ${plan.environment}`,
    },
    "in_progress",
  );
}

export async function mirrorStatus(
  deps: DeployDeps,
  id: number,
  state: "success" | "failure",
  environmentUrl: string | undefined,
  description: string,
): Promise<void> {
  try {
    await deps.mirror?.status(id, state, { environmentUrl, description });
  } catch (error) {
    deps.logger.warn(`GitHub Deployment status not recorded: ${(error as Error).message}`);
  }
}
