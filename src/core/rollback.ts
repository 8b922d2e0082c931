// One-click rollback: one read and one write of the service in the common case. The target and
// everything rollback must know come from the service's own ledger annotation; there are no
// smoke-check waits before the shift, because speed is the point. Checks run after it.
import type { SmokeCheck } from "./config/types.js";
import { rpcCode, rpcMessage } from "../gcp/errors.js";
import { getRevision, getService, listRevisions, type RunDeps, type Service, serviceName, updateService } from "../gcp/cloudrun.js";
import { RefusalError } from "../shared/errors.js";
import { runChecks } from "./checks.js";
import { history, type Ledger, readLedger, readRollbackReason, rollbackReason, type StateEntry, withState } from "./ledger.js";
import { recordDeployment } from "./deploy-steps.js";
import type { DeploymentMirror } from "./deploy-types.js";
import { describeCause, inStep, StepError } from "./timeline.js";
import { describeTraffic, primaryRevision, servedTraffic, type TrafficEntry, toTargets } from "./traffic.js";

export interface RollbackTarget {
  name: string;
  project: string;
  region: string;
  service: { name: string };
  checks: SmokeCheck[];
}

export interface RollbackRequest {
  target: RollbackTarget;
  /** A revision name or a release id; by default the release live before the current one. */
  to?: string;
  force: boolean;
  /** Unapply the blocking migrations first, when every one of them is reversible. */
  migrateBack?: boolean;
  dryRun: boolean;
  /** Why, in the person's words: kept in the ledger with the rolled-back release. */
  reason?: string;
}

export interface RollbackPlan {
  environment: string;
  service: string;
  from: string;
  to: string;
  fromEntry?: StateEntry;
  toEntry?: StateEntry;
  trafficBefore: TrafficEntry[];
  trafficAfter: TrafficEntry[];
  /** Releases between the target and the current one whose migrations stand in the way. */
  blockers: string[];
  /** The rollback already moved traffic; this run finishes what it left (batch jobs, checks). */
  resume?: boolean;
}

export interface RollbackHooks {
  /** Explains why the schema cannot go back (contract or irreversible migrations), or nothing. */
  migrationBlockers?(plan: RollbackPlan, ledger: Ledger): string[];
  /** Runs the blocking migrations backwards (migrate-back), before any traffic moves. */
  migrateBack?(plan: RollbackPlan, ledger: Ledger): Promise<string>;
  /** Restores batch jobs and schedules from the target release's snapshot. */
  afterShift?(plan: RollbackPlan): Promise<string>;
  /** What afterShift would change, without writing: for a dry run and before a resume. */
  previewShift?(plan: RollbackPlan): Promise<{ detail: string; changed: boolean }>;
}

export interface RollbackDeps extends RunDeps {
  fetch: typeof fetch;
  /** GitHub's Deployments: the rolled-back-to release is recorded as live again. */
  mirror?: DeploymentMirror;
  rollbackHooks?: RollbackHooks;
  checkRetryDelayMs?: number;
}

export interface RollbackResult {
  outcome: "dry-run" | "rolled-back";
  plan: RollbackPlan;
  service?: Service;
  checks: { name: string; ok: boolean; problem?: string }[];
  restored?: string;
  migratedBack?: string;
}

/** The target: the given revision or release, else what the current release replaced. */
export function chooseTarget(ledger: Ledger, current: string, to: string | undefined): string | undefined {
  if (to) {
    if (ledger[to]) return to;
    // A release id names the newest revision that served it; anything else is a revision name.
    const byRelease = Object.entries(ledger)
      .filter(([, e]) => e.release === to && e.state !== "failed")
      .sort(([, a], [, b]) => b.at.localeCompare(a.at));
    return byRelease[0]?.[0] ?? to;
  }
  const replaced = ledger[current]?.replaced;
  if (replaced && ledger[replaced]?.state !== "failed") return replaced;
  const earlier = Object.entries(ledger)
    // A rolled-back release is what someone moved away from: never a default target.
    .filter(([name, e]) => name !== current && e.state === "healthy")
    .sort(([, a], [, b]) => b.at.localeCompare(a.at));
  return earlier[0]?.[0];
}

/**
 * The revision the newest rollback moved traffic to, when nothing has happened since: a re-run
 * of that rollback then resumes it (batch jobs, schedules, checks) instead of stepping back again.
 */
function interruptedRollback(ledger: Ledger): string | undefined {
  const rolledBack = Object.values(ledger)
    .filter((e) => e.state === "rolled-back")
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  const target = readRollbackReason(rolledBack?.reason)?.to;
  if (!rolledBack || !target) return undefined;
  const later = Object.entries(ledger).some(([name, e]) => name !== target && e.at > rolledBack.at);
  return later ? undefined : target;
}

export function planRollback(request: RollbackRequest, service: Service): RollbackPlan {
  const ledger = readLedger(service);
  const before = servedTraffic(service);
  const from = primaryRevision(before) ?? "";
  const servesAll = before.find((e) => e.revision === from)?.percent === 100;
  if (servesAll && interruptedRollback(ledger) === from && (!request.to || chooseTarget(ledger, from, request.to) === from)) {
    return {
      environment: request.target.name,
      service: String(service.name),
      from,
      to: from,
      fromEntry: ledger[from],
      toEntry: ledger[from],
      trafficBefore: before,
      trafficAfter: before,
      blockers: [],
      resume: true,
    };
  }
  const to = chooseTarget(ledger, from, request.to);
  if (!to) throw new RefusalError(`${request.target.name} has no earlier release recorded to roll back to (live: ${from || "nothing"})`);
  if (to === from && before.find((e) => e.revision === to)?.percent === 100)
    throw new RefusalError(`${to} already serves 100% of ${request.target.name}`);
  // Tags stay where they are, at 0%; the target takes all traffic.
  const after = [
    ...before.filter((e) => e.tag && e.revision !== to).map((e) => ({ ...e, percent: 0 })),
    { revision: to, percent: 100, ...tagOf(before, to) },
  ];
  return {
    environment: request.target.name,
    service: String(service.name),
    from,
    to,
    fromEntry: ledger[from],
    toEntry: ledger[to],
    trafficBefore: before,
    trafficAfter: after,
    blockers: [],
  };
}

const tagOf = (entries: TrafficEntry[], revision: string) => {
  const tag = entries.find((e) => e.revision === revision && e.tag)?.tag;
  return tag ? { tag } : {};
};

/** Rollback wins a race with a rollout: on ABORTED it re-reads and re-applies (bounded). */
async function shift(deps: RollbackDeps, service: Service, plan: RollbackPlan, request: RollbackRequest): Promise<Service> {
  let current = service;
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now().toISOString();
    const marked = plan.from
      ? {
          ...current,
          annotations: withState(current, plan.from, { state: "rolled-back", at: now, reason: rollbackReason(plan.to, request.reason) }),
        }
      : current;
    const annotations = withState(marked, plan.to, { state: "healthy", at: now });
    try {
      return await updateService(deps, { ...current, traffic: toTargets(plan.trafficAfter), annotations });
    } catch (error) {
      if (rpcCode(error) === "ABORTED" && attempt < 5) {
        deps.logger.info("  the service changed during the rollback (etag); re-reading and applying the rollback again");
        current = (await getService(deps, String(service.name))) ?? current;
        // Another rollback to the same target got there first: that is this one's result too.
        if (servedTraffic(current).some((e) => e.revision === plan.to && e.percent === 100)) return current;
        plan.trafficAfter = planRollback({ ...request, to: plan.to }, current).trafficAfter;
        continue;
      }
      if (rpcCode(error) === "FAILED_PRECONDITION" && /does not exist|deleted/.test(rpcMessage(error)))
        throw await deletedTarget(deps, plan, service);
      throw error;
    }
  }
}

/**
 * A target the ledger does not know is checked before any write: the write that moves traffic
 * also records the rollback in the ledger, and Cloud Run keeps a failed update's annotations.
 * Targets the service still routes to (a tag, for one) exist by definition and cost no call.
 */
async function assertTargetExists(deps: RollbackDeps, plan: RollbackPlan, service: Service): Promise<void> {
  if (plan.trafficBefore.some((e) => e.revision === plan.to)) return;
  const name = `${service.name}/revisions/${plan.to}`;
  const found = await getRevision(deps, name, ["NOT_FOUND", "INVALID_ARGUMENT"]);
  if (!found) throw await deletedTarget(deps, plan, service);
}

/** The refusal of a rollback already done: what is live, how it got there, and how to go further. */
function alreadyRolledBack(plan: RollbackPlan, ledger: Ledger): RefusalError {
  const from = Object.entries(ledger).find(
    ([, e]) => e.state === "rolled-back" && readRollbackReason(e.reason)?.to === plan.to && e.at === ledger[plan.to]?.at,
  );
  const release = (revision: string) => `${revision}${ledger[revision]?.release ? ` (release ${ledger[revision]?.release})` : ""}`;
  const how = from ? `, put back by the rollback from ${release(from[0])} at ${from[1].at}` : "";
  const others = Object.entries(ledger)
    .filter(([name, e]) => name !== plan.to && e.state === "healthy")
    .sort(([, a], [, b]) => b.at.localeCompare(a.at))
    .map(([name]) => ledger[name]?.release ?? name);
  const choices = others.length
    ? `one of ${others.slice(0, 5).join(", ")}, or any revision of the service`
    : "a release or revision of the service";
  return new RefusalError(
    `${release(plan.to)} already serves 100% of ${plan.environment}${how}, and that rollback left nothing to finish. A rollback does not step back again on its own: to roll back further, name the target with to: (--to in the CLI), ${choices}`,
  );
}

async function deletedTarget(deps: RollbackDeps, plan: RollbackPlan, service: Service): Promise<RefusalError> {
  const revisions = await listRevisions(deps, String(service.name));
  const available = history(service, revisions)
    .filter((h) => h.state !== "failed" && h.revision !== plan.from)
    .map((h) => `${h.record.id} (${h.revision}, ${h.state})`);
  return new RefusalError(
    `${plan.to} is not a release or revision of ${plan.environment} (or it no longer exists), so ${plan.environment} cannot roll back to it. Releases still available: ${available.join(", ") || "none"}`,
  );
}

/**
 * A shift that fails after a migrate-back leaves the current release serving against the old
 * schema: the one state in which the person must act at once, so the error says so.
 */
function schemaMovedAhead(error: unknown, plan: RollbackPlan, migratedBack: string | undefined): never {
  if (!migratedBack || !(error instanceof StepError)) throw error;
  const note = `the schema is already migrated back (${migratedBack}) while ${plan.from} still serves: re-run the same rollback, with migrate-back, now: its migration job finds nothing left to undo and it moves the traffic to ${plan.to}`;
  throw new StepError(error.step, new Error(`${describeCause(error.cause)}. Note: ${note}`, { cause: error.cause }));
}

export async function rollback(request: RollbackRequest, deps: RollbackDeps): Promise<RollbackResult> {
  const { target } = request;
  const name = serviceName(target.project, target.region, target.service.name);
  const service = await inStep("read service", () => getService(deps, name));
  if (!service) throw new RefusalError(`${target.name} has no service ${name} to roll back`);
  const plan = planRollback(request, service);
  await inStep("check the target", () => assertTargetExists(deps, plan, service));
  plan.blockers = deps.rollbackHooks?.migrationBlockers?.(plan, readLedger(service)) ?? [];
  deps.logger.info(
    `rollback ${target.name}: ${plan.from} → ${plan.to}\n  traffic now   ${describeTraffic(plan.trafficBefore)}\n  traffic after ${describeTraffic(plan.trafficAfter)}`,
  );
  const migrateBack = plan.blockers.length > 0 && !request.force && request.migrateBack && deps.rollbackHooks?.migrateBack;
  if (plan.blockers.length && !request.force && !migrateBack) {
    throw new RefusalError(
      `rolling ${target.name} back to ${plan.to} would run the old code against a schema it cannot use:\n${plan.blockers.map((b) => `  - ${b}`).join("\n")}\nRe-run with force to roll back anyway, or with migrate-back when every such migration is reversible.`,
    );
  }
  const phase = <T>(step: string, run: () => Promise<T>) => inStep(step, () => deps.logger.group(step, run));
  const preview = deps.rollbackHooks?.previewShift;
  const pending =
    preview && (request.dryRun || plan.resume) ? await phase("plan batch jobs and schedules", () => preview(plan)) : undefined;
  // A rollback already done leaves nothing to resume: saying "rolled back" again would report a
  // rollback to the release that is live as a success, and stepping back again on its own would
  // make a re-run (or two people pressing the button) go back twice.
  if (plan.resume && !pending?.changed) throw alreadyRolledBack(plan, readLedger(service));
  if (request.dryRun)
    return {
      outcome: "dry-run",
      plan,
      checks: [],
      restored: pending && (pending.changed ? `would change: ${pending.detail}` : pending.detail),
    };
  if (plan.resume) deps.logger.info(`  ${plan.to} already serves 100% after an earlier rollback; finishing what it left`);
  const migratedBack = migrateBack ? await phase("migrate back", () => migrateBack(plan, readLedger(service))) : undefined;
  const shifted = plan.resume
    ? service
    : await phase("shift traffic", () => shift(deps, service, plan, request)).catch((e) => schemaMovedAhead(e, plan, migratedBack));
  const afterShift = deps.rollbackHooks?.afterShift;
  const restored = afterShift ? await phase("restore batch jobs and schedules", () => afterShift(plan)) : undefined;
  const checks = shifted.uri
    ? await phase("checks after the shift", () =>
        runChecks(String(shifted.uri), target.checks, {
          fetch: deps.fetch,
          clock: deps.clock,
          logger: deps.logger,
          retryDelayMs: deps.checkRetryDelayMs,
        }),
      )
    : [];
  if (plan.toEntry?.commit)
    // The Environments page shows the rolled-back-to release as the live deployment again.
    await recordDeployment(
      deps,
      {
        environment: target.name,
        ref: plan.toEntry.commit,
        payload: { release: plan.toEntry.release, revision: plan.to, rollback: true },
        description: `Runway rollback to ${plan.toEntry.release}`,
      },
      "success",
      { environmentUrl: shifted.uri ?? undefined, description: `rolled back from ${plan.from}` },
    );
  return {
    outcome: "rolled-back",
    plan,
    service: shifted,
    checks: checks.map((c) => ({ name: c.name, ok: c.ok, problem: c.problem })),
    restored,
    migratedBack,
  };
}
