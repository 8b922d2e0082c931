// Different operations racing on one environment, in one process so their API calls interleave
// at every await: a rollback against a deploy, a rollback against a promotion, and a scheduler
// sync against a deploy's own batch sync. Afterwards no write may have been applied over a stale
// etag, one release serves everything and its batch job runs that release's image, every loser
// failed with a message a person can act on, and re-running the loser converges.
import { afterAll, describe, expect, it } from "vitest";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants, expectConverged } from "./invariants.js";
import { callsSince, checkRace, type Settled, settle } from "./races-helpers.js";
import { deployTo } from "./scenarios.js";
import { counted as count, printSummary } from "./tally.js";

const fx = useEmulator();
const configDir = "environments";
const ctx = () => commandContext(fx.clients.grpc);
const rollback = (root: string, to: string) => rollbackCommand({ environment: "qa", to, force: false, migrateBack: false, dryRun: false, configDir, root }, ctx());
const promote = (root: string) => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
const sync = (root: string) => schedulerCommand({ environment: "qa", command: "sync", dryRun: false, prune: false, configDir, root }, ctx());

const since = (before: number) => callsSince(fx, before);
const aborted = async (before: number) => (await since(before)).some((c) => c.method.endsWith("Services/UpdateService") && c.code === "ABORTED");
const afterRace = (results: Settled[], root: string, before = 0) => checkRace(fx, results, root, before);

/**
 * Starts `first`, then `second` once `first` has made its first UpdateService (writes are
 * slowed, so `second` lands while `first` is mid-rollout rather than before or after it).
 */
async function race(first: [string, () => Promise<unknown>], second: [string, () => Promise<unknown>]): Promise<Settled[]> {
  const before = (await fx.calls()).length;
  await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/UpdateService", delayMs: 100, times: -1 });
  const a = settle(first[0], first[1]());
  await expect.poll(async () => (await since(before)).some((c) => c.method.endsWith("Services/UpdateService")), { timeout: 10_000, interval: 5 }).toBe(true);
  const results = await Promise.all([a, settle(second[0], second[1]())]);
  await fx.control("/_emulator/faults", undefined, "DELETE");
  return results;
}

const counted = (label: string, body: () => Promise<void>) => count("races", label, body);

afterAll(() => printSummary("races"));

describe("different operations racing on qa", () => {
  it("a rollback racing a deploy", counted("rollback vs deploy", async () => {
    const root = workspace();
    await deployTo(fx.clients.grpc, root, "qa", 1);
    await deployTo(fx.clients.grpc, root, "qa", 2);
    const before = (await fx.calls()).length;
    const ops = { deploy: () => deployTo(fx.clients.grpc, root, "qa", 3), rollback: () => rollback(root, "0000001-000001") };
    const results = await race(["deploy", ops.deploy], ["rollback", ops.rollback]);
    expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
    // Re-run each loser as a person would: it must now go through, and leave one release.
    for (const loser of await afterRace(results, root, before)) await ops[loser.name as keyof typeof ops]();
    await checkInvariants(fx, "qa", { root });
  }));

  // Found by this suite (fixed in src/commands/release-hooks.ts): both runs succeeded, release 1
  // served 100%, yet its batch job ran release 3's image. The deploy's batch write, in flight
  // when the rollback took the traffic, landed after the rollback had restored release 1's.
  it("a rollback taking the traffic while the deploy's batch write is in flight", counted("rollback vs deploy's batch write", async () => {
    const root = workspace();
    await deployTo(fx.clients.grpc, root, "qa", 1);
    await deployTo(fx.clients.grpc, root, "qa", 2);
    const before = (await fx.calls()).length;
    // The deploy's batch write (the first UpdateJob) is held in flight while the rollback runs
    // from start to end, then answered: a fixed order, whatever the machine's load.
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Jobs/UpdateJob", hold: true });
    const deploying = settle("deploy", deployTo(fx.clients.grpc, root, "qa", 3));
    await expect.poll(async () => (await since(before)).some((c) => c.method.endsWith("Jobs/UpdateJob")), { timeout: 10_000, interval: 5 }).toBe(true);
    const rolledBack = await settle("rollback", rollback(root, "0000001-000001"));
    await fx.control("/_emulator/faults", undefined, "DELETE");
    expect(await afterRace([await deploying, rolledBack], root, before)).toEqual([]);
  }));

  it("a promotion racing a rollback", counted("promote vs rollback", async () => {
    const root = workspace();
    for (const n of [1, 2]) {
      await deployTo(fx.clients.grpc, root, "dev", n);
      await promote(root);
    }
    await deployTo(fx.clients.grpc, root, "dev", 3);
    const before = (await fx.calls()).length;
    const ops = { promote: () => promote(root), rollback: () => rollback(root, "0000001-000001") };
    const results = await race(["promote", ops.promote], ["rollback", ops.rollback]);
    expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
    for (const loser of await afterRace(results, root, before)) await ops[loser.name as keyof typeof ops]();
    await checkInvariants(fx, "qa", { root });
  }));

  it("a scheduler sync racing a deploy's batch sync", counted("scheduler sync vs deploy", async () => {
    // The new config moves the nightly cron and adds a schedule: both runs want to write both.
    const root = workspace({
      qa: (y) =>
        y
          .replace('cron: "0 3 * * *"', 'cron: "30 4 * * *"')
          .replace("schedules:\n", 'schedules:\n  - name: qa-weekly\n    cron: "0 4 * * 1"\n    time-zone: Asia/Seoul\n    target:\n      batch: web-qa-clearsessions\n'),
    });
    await deployTo(fx.clients.grpc, workspace(), "qa", 1);
    const before = (await fx.calls()).length;
    // The deploy's create of the new schedule is held in flight while the sync runs from start
    // to end: both planned the same writes, and the deploy's create lands second.
    await fx.control("/_emulator/faults", { method: "google.cloud.scheduler.v1.CloudScheduler/CreateJob", hold: true });
    const deploying = settle("deploy", deployTo(fx.clients.grpc, root, "qa", 2));
    await expect.poll(async () => (await since(before)).some((c) => c.method.endsWith("CloudScheduler/CreateJob")), { timeout: 10_000, interval: 5 }).toBe(true);
    const synced = await settle("sync", sync(root));
    await fx.control("/_emulator/faults", undefined, "DELETE");
    const results = [await deploying, synced];
    const writes = (await since(before)).filter((c) => c.method.startsWith("google.cloud.scheduler.v1.CloudScheduler/") && c.mutating);
    // The race happened: both runs created the new schedule (the deploy found it there).
    expect(writes.filter((c) => c.method.endsWith("/CreateJob")).map((c) => c.code).sort(), "CreateJob codes").toEqual(["ALREADY_EXISTS", "OK"]);
    expect(await afterRace(results, root, before)).toEqual([]);
    const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
    expect(jobs.map((j) => String(j.name).split("/").pop()).sort()).toEqual(["runway-qa-qa-clearsessions-nightly", "runway-qa-qa-weekly"]);
    // Converged: a further sync has nothing left to write.
    await expectConverged(fx, () => sync(root));
  }));
});
