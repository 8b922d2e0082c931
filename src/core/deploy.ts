// The rollout engine: plan (the migration gate decides here, before any write), create the
// revision with no traffic, run the migrations, check the revision, shift traffic in steps with
// checks, record the release; on any failure after the revision exists, put traffic back exactly
// as it was and mark the release failed.
import { rpcCode } from "../gcp/errors.js";
import { type CheckSpec, runChecks } from "./checks.js";
import { createService, getService, type RunDeps, type Service, serviceName } from "./cloudrun.js";
import { RefusalError } from "./errors.js";
import { type AppliedMigration, readLedger, readRecord, type ReleaseRecord, type StateEntry, withState } from "./ledger.js";
import { type DeployPlan, planDeploy, type ServiceConfig, type StepConfig } from "./plan.js";
import { planText } from "./plan-text.js";
import { makeRelease, type Release } from "./release.js";
import { setTraffic, type Writer, write } from "./rollout.js";
import { StepError, Timeline, type StepRecord } from "./timeline.js";
import { describeTraffic, primaryRevision, sameTraffic, servedTraffic, type TrafficEntry } from "./traffic.js";

export interface DeployTarget {
  name: string;
  project: string;
  region: string;
  requireDigest: boolean;
  service: ServiceConfig;
  checks: CheckSpec[];
  steps: StepConfig[];
  freezeAt?: (at: Date) => { reason: string; until: Date } | undefined;
  /** The batch jobs and schedules of a release of this image, recorded on its revision. */
  snapshotFor?: (image: string) => Record<string, unknown>;
}

export interface DeploymentMirror {
  start(input: { environment: string; ref: string; payload: Record<string, unknown>; description: string }): Promise<number | undefined>;
  status(id: number, state: "in_progress" | "success" | "failure", options: { environmentUrl?: string; description?: string }): Promise<void>;
}

export interface FailureNotice {
  environment: string;
  step: string;
  message: string;
  commit: string;
  release: string;
  image: string;
}

export interface GateVerdict {
  blocked: boolean;
  /** One line: what the gate found and decided. */
  summary: string;
  /** Migrations new in this release, recorded for migration-aware rollback. */
  migrations: AppliedMigration[];
  /** Each app's leaf migration after this release. */
  schema?: string[];
}

export interface DeployHooks {
  /** The migration gate: decides before any write whether this release may go out. */
  gate?(context: { release: Release; base: string | undefined }): Promise<GateVerdict>;
  /** Runs after the revision passed its checks and before any traffic moves (migrations). */
  beforeTraffic?(context: { plan: DeployPlan; tagUrl?: string }): Promise<string>;
  /** Runs once the release is live and recorded: batch jobs and schedules move with it. */
  afterLive?(context: { plan: DeployPlan }): Promise<string>;
}

export interface DeployDeps extends RunDeps {
  fetch: typeof fetch;
  mirror?: DeploymentMirror;
  notify?: (notice: FailureNotice) => Promise<void>;
  hooks?: DeployHooks;
  checkRetryDelayMs?: number;
}

export interface DeployRequest {
  target: DeployTarget;
  image: string;
  commit: string;
  dryRun: boolean;
}

export interface DeployResult {
  outcome: "dry-run" | "deployed" | "unchanged";
  plan: DeployPlan;
  freeze?: { reason: string; until: Date };
  steps: StepRecord[];
  revision: string;
  url?: string;
  tagUrl?: string;
  previousRevision?: string;
}

export class DeployFailure extends StepError {
  constructor(
    step: string,
    cause: unknown,
    readonly result: Omit<DeployResult, "outcome">,
    readonly restored: boolean,
  ) {
    super(step, cause);
    this.name = "DeployFailure";
  }
}

const tagUri = (service: Service, tag: string) => service.trafficStatuses?.find((t) => t.tag === tag)?.uri ?? undefined;
const stateEntry = (deps: RunDeps, state: "deploying" | "healthy" | "failed", reason?: string, plan?: DeployPlan): StateEntry => ({
  state,
  at: deps.clock.now().toISOString(),
  ...(reason ? { reason } : {}),
  ...(plan ? { release: plan.release.id, commit: plan.release.commit, image: plan.release.image, ...(plan.trafficBefore.length ? { replaced: primaryRevision(plan.trafficBefore) } : {}) } : {}),
  ...(plan?.migrations?.length ? { migrations: plan.migrations } : {}),
  ...(plan?.schema ? { schema: plan.schema } : {}),
});

export async function deploy(request: DeployRequest, deps: DeployDeps): Promise<DeployResult> {
  const { target } = request;
  const release = makeRelease({ image: request.image, commit: request.commit, requireDigest: target.requireDigest, environment: target.name });
  const timeline = new Timeline(deps.clock, deps.logger);
  const name = serviceName(target.project, target.region, target.service.name);
  const current = await timeline.run("read service", () => getService(deps, name), (s) => (s ? `serving ${describeTraffic(servedTraffic(s))}` : "not found: first deploy"));
  const check = deps.hooks?.gate;
  const verdict = check ? await timeline.run("migration gate", () => gate(check, release, current), (v) => v.summary) : undefined;
  const snapshot = target.snapshotFor?.(release.image);
  const plan = planDeploy({ environment: target.name, serviceName: name, config: target.service, steps: target.steps, release, current, now: deps.clock.now(), snapshot, migrations: verdict?.migrations, schema: verdict?.schema });
  const freeze = target.freezeAt?.(deps.clock.now());
  await deps.logger.group("plan", async () => deps.logger.info(planText(plan, freeze)));
  const base = { plan, freeze, steps: timeline.steps, revision: plan.revision, url: current?.uri ?? undefined, previousRevision: plan.trafficBefore[0]?.revision };
  if (request.dryRun) return { outcome: "dry-run", ...base };
  if (verdict?.blocked) throw new RefusalError(`the migration gate blocks release ${release.id} for ${target.name}: ${verdict.summary}`);
  if (freeze) throw new RefusalError(`${target.name} is in a deploy freeze until ${freeze.until.toISOString()}: ${freeze.reason}`);
  if (plan.alreadyLive && current && healthy(current, plan.revision)) {
    timeline.skip("rollout", `release ${release.id} is already live and healthy on ${plan.revision}`);
    await afterLive(deps, plan, timeline, base);
    return { outcome: "unchanged", ...base, url: current.uri ?? undefined, tagUrl: tagUri(current, plan.tag) };
  }
  const result = await rollout(request, deps, plan, current, timeline, base);
  await afterLive(deps, plan, timeline, { ...base, url: result.url, tagUrl: result.tagUrl });
  return result;
}

/**
 * Batch jobs and schedules follow the live release. A failure here leaves traffic where it is
 * (the release is healthy); a re-run converges, which is what the error says.
 */
async function afterLive(deps: DeployDeps, plan: DeployPlan, timeline: Timeline, base: Omit<DeployResult, "outcome">): Promise<void> {
  if (!deps.hooks?.afterLive) return;
  try {
    await timeline.run("batch jobs and schedules", () => deps.hooks?.afterLive?.({ plan }) ?? Promise.resolve(""), (r) => r);
  } catch (error) {
    const step = error instanceof StepError ? error : new StepError("batch jobs and schedules", error);
    throw new DeployFailure(step.step, new Error(`${(step.cause as Error)?.message ?? step.message} — the release is live and healthy; re-run to bring batch jobs and schedules in line`), base, true);
  }
}

/** The gate compares the candidate with the commit live now, as the ledger records it. */
async function gate(check: NonNullable<DeployHooks["gate"]>, release: Release, current: Service | undefined): Promise<GateVerdict> {
  const live = current ? primaryRevision(servedTraffic(current)) : undefined;
  const base = live ? readLedger(current)[live]?.commit : undefined;
  return check({ release, base });
}

function healthy(service: Service, revision: string): boolean {
  const text = service.annotations?.["runway.dev/ledger"];
  return !!text && (JSON.parse(text) as Record<string, { state: string }>)[revision]?.state === "healthy";
}

async function rollout(request: DeployRequest, deps: DeployDeps, plan: DeployPlan, current: Service | undefined, timeline: Timeline, base: Omit<DeployResult, "outcome">): Promise<DeployResult> {
  const { target } = request;
  const deployment = await mirrorStart(deps, plan);
  const writer: Writer = { service: current ?? {}, candidate: plan.revision };
  let previous: TrafficEntry[] = plan.trafficBefore;
  try {
    const created = await timeline.run("create revision", async () => {
      const result = await createRevision(deps, plan, writer, current);
      previous = result.record?.previousTraffic ?? previous;
      return result.service;
    }, () => `${plan.revision} ${plan.firstDeploy ? "serving 100% (first deploy)" : "at 0%"}, tag ${plan.tag}`);
    const tagUrl = tagUri(created, plan.tag);
    // Migrations run before the smoke checks: the new revision is checked against the schema it
    // was built for. It has already proved it starts (Ready) before any migration runs, and no
    // traffic moves until both have passed.
    if (deps.hooks?.beforeTraffic) await timeline.run("migrations", () => deps.hooks?.beforeTraffic?.({ plan, tagUrl }) ?? Promise.resolve(""), (r) => r);
    else timeline.skip("migrations", "no migration gate configured");
    await timeline.run("smoke checks", () => checkAll(deps, target.checks, tagUrl), (r) => r);
    for (const step of plan.steps) {
      await timeline.run(`traffic ${step.percent}%`, async () => {
        if (!sameTraffic(servedTraffic(writer.service), step.traffic)) await write(deps, writer, setTraffic(step.traffic));
        if (step.waitMs > 0) await deps.clock.sleep(step.waitMs);
        const checks = target.checks.filter((c) => step.checks.length === 0 || step.checks.includes(c.name));
        return checkAll(deps, checks, tagUrl);
      }, () => describeTraffic(step.traffic));
    }
    await timeline.run("record release", () => write(deps, writer, (s) => ({ ...s, annotations: withState(s, plan.revision, stateEntry(deps, "healthy")) })), () => `${plan.revision} healthy`);
    if (deployment) await mirrorStatus(deps, deployment, "success", writer.service.uri ?? undefined, `${plan.release.id} live on ${plan.revision}`);
    return { outcome: "deployed", ...base, url: writer.service.uri ?? undefined, tagUrl };
  } catch (error) {
    const failure = error instanceof StepError ? error : new StepError("rollout", error);
    const restored = await restore(deps, writer, plan, previous, failure);
    if (deployment) await mirrorStatus(deps, deployment, "failure", undefined, `${failure.step} failed`);
    await deps.notify?.({ environment: target.name, step: failure.step, message: failure.message, commit: plan.release.commit, release: plan.release.id, image: plan.release.image }).catch(() => undefined);
    throw new DeployFailure(failure.step, failure.cause, { ...base, url: writer.service.uri ?? base.url, tagUrl: tagUri(writer.service, plan.tag) }, restored);
  }
}

/** Writes the template (or reuses the revision a previous run created) with no traffic moved. */
async function createRevision(deps: DeployDeps, plan: DeployPlan, writer: Writer, current: Service | undefined): Promise<{ service: Service; record?: ReleaseRecord }> {
  const deploying = (s: Service) => withState(s, plan.revision, stateEntry(deps, "deploying", undefined, plan));
  if (!current) {
    const service: Service = { template: plan.template, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100, tag: plan.tag }] };
    writer.service = await createService(deps, plan.service, { ...service, annotations: deploying({}) });
    return { service: writer.service };
  }
  // A stale copy of the release tag on another revision is dropped, never the entry itself.
  const untagged = plan.trafficBefore.map((e) => (e.tag === plan.tag ? { revision: e.revision, percent: e.percent } : e)).filter((e) => e.percent > 0 || e.tag);
  const atZero = [...untagged, { revision: plan.revision, percent: 0, tag: plan.tag }];
  const existing = current.template?.revision === plan.revision ? await readExisting(deps, plan) : undefined;
  if (existing) {
    deps.logger.info(`  ${plan.revision} exists from an earlier run of ${plan.release.id}; reusing it`);
    return { service: await write(deps, writer, (s) => ({ ...s, traffic: keepShifted(s, plan, atZero) })), record: existing };
  }
  try {
    const service = await write(deps, writer, (s) => ({ ...setTraffic(atZero)(s), template: plan.template, annotations: deploying(s) }));
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
  return (shifted ? served : atZero).map((e) => ({ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: e.revision, percent: e.percent, ...(e.tag ? { tag: e.tag } : {}) }));
}

async function readExisting(deps: DeployDeps, plan: DeployPlan): Promise<ReleaseRecord | undefined> {
  const [revision] = await deps.clients.revisions.getRevision({ name: `${plan.service}/revisions/${plan.revision}` });
  return readRecord(revision);
}

async function checkAll(deps: DeployDeps, checks: CheckSpec[], url: string | undefined): Promise<string> {
  if (!url) throw new Error("the service reports no URL for the release tag");
  const results = await runChecks(url, checks, { fetch: deps.fetch, clock: deps.clock, logger: deps.logger, retryDelayMs: deps.checkRetryDelayMs });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(failed.map((r) => `check ${r.name} failed: ${r.problem} (${r.url})`).join("; "));
  return `${results.length} check${results.length === 1 ? "" : "s"} passed`;
}

/** Puts traffic back as it was before the rollout (tags included) and marks the revision failed. */
async function restore(deps: DeployDeps, writer: Writer, plan: DeployPlan, previous: TrafficEntry[], failure: StepError): Promise<boolean> {
  if (!writer.service.name) return true;
  const failed = { revision: plan.revision, entry: stateEntry(deps, "failed", failure.message.slice(0, 300)) };
  try {
    await deps.logger.group("restore traffic", async () => {
      if (previous.length === 0) await write(deps, writer, (s) => ({ ...s, annotations: withState(s, failed.revision, failed.entry) }));
      else await write(deps, writer, setTraffic(previous, failed));
      deps.logger.info(`  restored: ${describeTraffic(previous)}`);
    });
    return true;
  } catch (error) {
    deps.logger.error(`restoring traffic failed: ${(error as Error).message}. Traffic may still reach ${plan.revision}; re-run this deploy or roll back.`);
    return false;
  }
}

async function mirrorStart(deps: DeployDeps, plan: DeployPlan): Promise<number | undefined> {
  if (!deps.mirror) return undefined;
  try {
    const id = await deps.mirror.start({
      environment: plan.environment,
      ref: plan.release.commit,
      payload: { release: plan.release.id, image: plan.release.image, revision: plan.revision, service: plan.service },
      description: `Runway ${plan.release.id} to ${plan.environment}`,
    });
    if (id) await deps.mirror.status(id, "in_progress", {});
    return id;
  } catch (error) {
    deps.logger.warn(`GitHub Deployment not recorded: ${(error as Error).message}`);
    return undefined;
  }
}

async function mirrorStatus(deps: DeployDeps, id: number, state: "success" | "failure", environmentUrl: string | undefined, description: string): Promise<void> {
  try {
    await deps.mirror?.status(id, state, { environmentUrl, description });
  } catch (error) {
    deps.logger.warn(`GitHub Deployment status not recorded: ${(error as Error).message}`);
  }
}
