// The rollout engine: plan (the migration gate decides here, before any write), create the
// revision with no traffic, run the migrations, check the revision, shift traffic in steps with
// checks, record the release; on any failure after the revision exists, put traffic back exactly
// as it was and mark the release failed.
import { type Service, serviceName } from "../gcp/cloudrun.js";
import { settledService } from "./settle.js";
import {
  assertServedExist,
  checkAll,
  createRevision,
  mirrorStart,
  mirrorStatus,
  restore,
  servingImage,
  stateEntry,
  tagUri,
} from "./deploy-steps.js";
import {
  DeployFailure,
  type DeployDeps,
  type DeployHooks,
  type DeployRequest,
  type DeployResult,
  type GateVerdict,
} from "./deploy-types.js";
import { readDrift, writtenAnnotation } from "./drift.js";
import { RefusalError } from "../shared/errors.js";
import { readLedger, withState } from "./ledger.js";
import { type DeployPlan, planDeploy } from "./plan.js";
import { type AnalysisRecord, type AnalysisTarget, analyse } from "./canary.js";
import { showProgress } from "./progress.js";
import { makeRelease, type Release } from "./release.js";
import { waitWithProgress } from "../shared/runtime.js";
import { setTraffic, type Writer, write } from "./rollout.js";
import { inStep, StepError, Timeline } from "./timeline.js";
import { describeTraffic, primaryRevision, sameTraffic, servedTraffic, type TrafficEntry } from "./traffic.js";

export * from "./deploy-types.js";

/** The step that moves batch jobs and schedules with a release. */
const BATCH_STEP = "batch jobs and schedules";

export async function deploy(request: DeployRequest, deps: DeployDeps): Promise<DeployResult> {
  const { target } = request;
  const release = makeRelease({
    image: request.image,
    commit: request.commit,
    requireDigest: target.requireDigest,
    environment: target.name,
  });
  const timeline = new Timeline(deps.clock, deps.logger);
  const name = serviceName(target.project, target.region, target.service.name);
  const current = await timeline.run(
    "read service",
    () => settledService(deps, name, "deploy"),
    (s) => (s ? `serving ${describeTraffic(servedTraffic(s))}` : "not found: first deploy"),
  );
  // A ledger annotation that is not one, or traffic on a revision that is gone, is refused here,
  // before any write.
  readLedger(current);
  if (current) await inStep("read service", () => assertServedExist(current, deps));
  const drift = readDrift(current);
  const check = deps.hooks?.gate;
  const verdict = check
    ? await timeline.run(
        "migration gate",
        () => gate(check, release, current),
        (v) => v.summary,
      )
    : undefined;
  const snapshot = target.snapshotFor?.(release.image);
  const imageBefore = current ? await inStep("read service", () => servingImage(current, deps)) : undefined;
  const plan = planDeploy({
    environment: target.name,
    serviceName: name,
    config: target.service,
    steps: target.steps,
    bake: target.bake,
    release,
    current,
    now: deps.clock.now(),
    snapshot,
    migrations: verdict?.migrations,
    schema: verdict?.schema,
    imageBefore,
    drift,
  });
  const freeze = target.freezeAt?.(deps.clock.now());
  await showProgress(deps, "plan", deps.progress?.deployPlan(plan, freeze));
  const base = {
    plan,
    freeze,
    steps: timeline.steps,
    revision: plan.revision,
    url: current?.uri ?? undefined,
    previousRevision: primaryRevision(plan.trafficBefore),
    // Filled in as the rollout's analyses end, so that a failure carries its evidence too.
    analyses: [] as AnalysisRecord[],
  };
  if (request.dryRun) return { outcome: "dry-run", ...base };
  if (verdict?.blocked) throw new RefusalError(`the migration gate blocks release ${release.id} for ${target.name}: ${verdict.summary}`);
  if (freeze) throw new RefusalError(`${target.name} is in a deploy freeze until ${freeze.until.toISOString()}: ${freeze.reason}`);
  if (plan.alreadyLive && current && healthy(current, plan.revision)) {
    timeline.skip("rollout", `release ${release.id} is already live and healthy on ${plan.revision}`);
    const caughtUp = await afterLive(deps, plan, timeline, base);
    return { outcome: caughtUp ? "caught-up" : "unchanged", ...base, url: current.uri ?? undefined, tagUrl: tagUri(current, plan.tag) };
  }
  const result = await rollout(request, deps, plan, current, timeline, base);
  await afterLive(deps, plan, timeline, { ...base, url: result.url, tagUrl: result.tagUrl });
  return result;
}

/**
 * Batch jobs and schedules follow the live release. A failure here leaves traffic where it is
 * (the release is healthy); a re-run converges, which is what the error says.
 */
async function afterLive(deps: DeployDeps, plan: DeployPlan, timeline: Timeline, base: Omit<DeployResult, "outcome">): Promise<boolean> {
  const hook = deps.hooks?.afterLive;
  if (!hook) return false;
  try {
    return (
      await timeline.run(
        BATCH_STEP,
        () => hook({ plan }),
        (r) => r.detail,
      )
    ).changed;
  } catch (error) {
    const step = error instanceof StepError ? error : new StepError(BATCH_STEP, error);
    throw new DeployFailure(
      step.step,
      new Error(
        `${(step.cause as Error)?.message ?? step.message} — the release is live and healthy; re-run to bring batch jobs and schedules in line`,
      ),
      base,
      true,
    );
  }
}

/** The gate compares the candidate with the commit live now, as the ledger records it. */
async function gate(check: NonNullable<DeployHooks["gate"]>, release: Release, current: Service | undefined): Promise<GateVerdict> {
  const live = current ? primaryRevision(servedTraffic(current)) : undefined;
  const base = live ? readLedger(current)[live]?.commit : undefined;
  return check({ release, base });
}

function healthy(service: Service, revision: string): boolean {
  return readLedger(service)[revision]?.state === "healthy";
}

/** Whom the analyses compare: the release's revision against the one serving most traffic before it. */
function analysisTarget(request: DeployRequest, plan: DeployPlan, records: AnalysisRecord[]): AnalysisTarget {
  const { target } = request;
  const stable = primaryRevision(plan.trafficBefore);
  return {
    project: target.project,
    region: target.region,
    service: target.service.name,
    canary: plan.revision,
    ...(stable && stable !== plan.revision ? { stable } : {}),
    records,
  };
}

/** Watches the release at 100% for the bake's duration, then judges it against the previous release's baseline. */
async function bake(deps: DeployDeps, spec: NonNullable<DeployRequest["target"]["bake"]>, target: AnalysisTarget, rolloutStartMs: number) {
  const startMs = deps.clock.now().getTime();
  await waitWithProgress(deps.clock, deps.logger, spec.durationMs, `${target.canary} at 100%, baking`);
  const baseline = { startMs: rolloutStartMs - spec.durationMs, endMs: rolloutStartMs };
  return analyse(deps, target, spec.analysis, "bake", { startMs, baseline });
}

async function rollout(
  request: DeployRequest,
  deps: DeployDeps,
  plan: DeployPlan,
  current: Service | undefined,
  timeline: Timeline,
  base: Omit<DeployResult, "outcome">,
): Promise<DeployResult> {
  const { target } = request;
  const deployment = await mirrorStart(deps, plan);
  const writer: Writer = { service: current ?? {}, candidate: plan.revision };
  let previous: TrafficEntry[] = plan.trafficBefore;
  try {
    const created = await timeline.run(
      "create revision",
      async () => {
        const result = await createRevision(deps, plan, writer, current);
        previous = result.record?.previousTraffic ?? previous;
        return result.service;
      },
      () => `${plan.revision} ${plan.firstDeploy ? "serving 100% (first deploy)" : "at 0%"}, tag ${plan.tag}`,
    );
    const tagUrl = tagUri(created, plan.tag);
    // Migrations run before the smoke checks: the new revision is checked against the schema it
    // was built for. It has already proved it starts (Ready) before any migration runs, and no
    // traffic moves until both have passed.
    if (deps.hooks?.beforeTraffic)
      await timeline.run(
        "migrations",
        () => deps.hooks?.beforeTraffic?.({ plan, tagUrl }) ?? Promise.resolve(""),
        (r) => r,
      );
    else timeline.skip("migrations", "no migration gate configured");
    // The last checks' verdict, shown while a canary step waits.
    let lastCheck = await timeline.run(
      "smoke checks",
      () => checkAll(deps, target.checks, tagUrl),
      (r) => r,
    );
    const analysis = analysisTarget(request, plan, base.analyses ?? []);
    // The bake's baseline ends here: the previous release alone served until this moment.
    const rolloutStartMs = deps.clock.now().getTime();
    for (const step of plan.steps) {
      await timeline.run(
        `traffic ${step.percent}%`,
        async () => {
          if (!sameTraffic(servedTraffic(writer.service), step.traffic)) await write(deps, writer, setTraffic(step.traffic));
          const startMs = deps.clock.now().getTime();
          if (step.waitMs > 0)
            await waitWithProgress(
              deps.clock,
              deps.logger,
              step.waitMs,
              `${plan.revision} at ${step.percent}%, checks after the wait`,
              () => lastCheck,
            );
          const checks = target.checks.filter((c) => step.checks.length === 0 || step.checks.includes(c.name));
          lastCheck = await checkAll(deps, checks, tagUrl);
          if (!step.analysis) return lastCheck;
          return analyse(deps, analysis, step.analysis, `traffic ${step.percent}%`, { startMs });
        },
        (verdict) => (step.analysis ? `${describeTraffic(step.traffic)}; ${verdict}` : describeTraffic(step.traffic)),
      );
    }
    const planned = plan.bake;
    if (planned)
      await timeline.run(
        "bake",
        () => bake(deps, planned, analysis, rolloutStartMs),
        (r) => r,
      );
    const healthy = (s: Service) => ({
      ...withState(s, plan.revision, stateEntry(deps, "healthy")),
      ...writtenAnnotation(s, plan.release.id, plan.revision),
    });
    await timeline.run(
      "record release",
      () => write(deps, writer, (s) => ({ ...s, annotations: healthy(s) })),
      () => `${plan.revision} healthy`,
    );
    if (deployment)
      await mirrorStatus(deps, deployment, "success", writer.service.uri ?? undefined, `${plan.release.id} live on ${plan.revision}`);
    return { outcome: "deployed", ...base, url: writer.service.uri ?? undefined, tagUrl };
  } catch (error) {
    const failure = error instanceof StepError ? error : new StepError("rollout", error);
    const restored = await restore(deps, writer, plan, previous, failure);
    if (deployment) await mirrorStatus(deps, deployment, "failure", undefined, `${failure.step} failed`);
    await deps
      .notify?.({
        environment: target.name,
        step: failure.step,
        message: failure.message,
        commit: plan.release.commit,
        release: plan.release.id,
        image: plan.release.image,
      })
      .catch(() => undefined);
    throw new DeployFailure(
      failure.step,
      failure.cause,
      { ...base, url: writer.service.uri ?? base.url, tagUrl: tagUri(writer.service, plan.tag) },
      restored,
    );
  }
}
