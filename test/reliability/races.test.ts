// Different operations racing on one environment, in one process. Each race holds the first run's
// call in flight (the emulator's `hold`) while the second runs from start to end, so the
// interleaving it is about happens whatever the machine's load: a rollback against a deploy (and against its batch write), a rollback against a
// promotion, two rollbacks, a pull request's preview against a dev rollout, and a scheduler sync
// against a deploy's own batch sync. Afterwards no write may have been applied over a stale
// etag, one release serves everything and its batch job runs that release's image, every loser
// failed with a message a person can act on, and re-running the loser converges. Over both
// transports: the etag and the held call travel differently over gRPC and REST.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewCommand } from "../../src/commands/preview.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { commandContext, workspace } from "../helpers/commands.js";
import type { Transport } from "../../src/gcp/clients.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { checkInvariants, expectConverged } from "./invariants.js";
import { callsSince, checkRace, type Settled, settle } from "./races-helpers.js";
import { digest, sha } from "../helpers/deploy.js";
import { deployTo } from "./scenarios.js";
import { counted as count, printSummary } from "./tally.js";

const fx = useEmulator();
const configDir = "environments";
let transport: Transport = "grpc";
const clients = () => fx.clients[transport];
const ctx = () => commandContext(clients());
const deploy = (root: string, env: "dev" | "qa", n: number) => deployTo(clients(), root, env, n);
const rollback = (root: string, to: string) =>
  rollbackCommand({ environment: "qa", to, force: false, migrateBack: false, dryRun: false, configDir, root }, ctx());
const promote = (root: string) => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx());
const preview = (root: string, n: number) =>
  previewCommand({ action: "deploy", pr: "42", image: digest(n), commit: sha(n), fork: false, environment: "dev", configDir, root }, ctx());
const sync = (root: string) =>
  schedulerCommand({ environment: "qa", command: "sync", dryRun: false, prune: false, configDir, root }, ctx());

const since = (before: number) => callsSince(fx, before);
const aborted = async (before: number) => (await since(before)).some((c) => c.method === UPDATE_SERVICE && c.code === "ABORTED");
const afterRace = (results: Settled[], root: string, before = 0) => checkRace(fx, results, root, before);

const UPDATE_SERVICE = "google.cloud.run.v2.Services/UpdateService";

/**
 * Starts `first` and holds it in flight at its call of `hold.method` (the one after `after`
 * others), runs `second` from start to end meanwhile, then lets `first` go on: the interleaving
 * each race is about, in a fixed order whatever the machine's load.
 */
async function inOrder(
  first: [string, () => Promise<unknown>],
  second: [string, () => Promise<unknown>],
  hold: { method: string; after?: number },
): Promise<Settled[]> {
  const before = (await fx.calls()).length;
  const after = hold.after ?? 0;
  await fx.control("/_emulator/faults", { method: hold.method, after, hold: true });
  const a = settle(first[0], first[1]());
  await expect
    .poll(async () => (await since(before)).filter((c) => c.method === hold.method).length > after, { timeout: 10_000, interval: 5 })
    .toBe(true);
  const b = await settle(second[0], second[1]());
  await fx.control("/_emulator/faults", undefined, "DELETE");
  return [await a, b];
}

const counted = (t: Transport, label: string, body: () => Promise<void>) => count("races", `${t} · ${label}`, body);

afterAll(() => printSummary("races"));

describe.each(TRANSPORTS)("different operations racing on one environment over %s", (t) => {
  beforeAll(() => {
    transport = t;
  });

  it(
    "a rollback racing a deploy",
    counted(t, "rollback vs deploy", async () => {
      const root = workspace();
      await deploy(root, "qa", 1);
      await deploy(root, "qa", 2);
      const before = (await fx.calls()).length;
      const ops = { deploy: () => deploy(root, "qa", 3), rollback: () => rollback(root, "0000001-000001") };
      // The rollback runs while the deploy's shift to 100% (its third write) is in flight.
      const results = await inOrder(["deploy", ops.deploy], ["rollback", ops.rollback], { method: UPDATE_SERVICE, after: 2 });
      expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
      // Re-run each loser as a person would: it must now go through, and leave one release.
      for (const loser of await afterRace(results, root, before)) await ops[loser.name as keyof typeof ops]();
      await checkInvariants(fx, "qa", { root });
    }),
  );

  // Found by this suite (fixed in src/commands/release-hooks.ts): both runs succeeded, release 1
  // served 100%, yet its batch job ran release 3's image. The deploy's batch write, in flight
  // when the rollback took the traffic, landed after the rollback had restored release 1's.
  it(
    "a rollback taking the traffic while the deploy's batch write is in flight",
    counted(t, "rollback vs deploy's batch write", async () => {
      const root = workspace();
      await deploy(root, "qa", 1);
      await deploy(root, "qa", 2);
      const before = (await fx.calls()).length;
      // The rollback runs from start to end while the deploy's batch write (its first UpdateJob) is in flight.
      const results = await inOrder(["deploy", () => deploy(root, "qa", 3)], ["rollback", () => rollback(root, "0000001-000001")], {
        method: "google.cloud.run.v2.Jobs/UpdateJob",
      });
      expect(await afterRace(results, root, before)).toEqual([]);
    }),
  );

  it(
    "a promotion racing a rollback",
    counted(t, "promote vs rollback", async () => {
      const root = workspace();
      for (const n of [1, 2]) {
        await deploy(root, "dev", n);
        await promote(root);
      }
      await deploy(root, "dev", 3);
      const before = (await fx.calls()).length;
      const ops = { promote: () => promote(root), rollback: () => rollback(root, "0000001-000001") };
      const results = await inOrder(["promote", ops.promote], ["rollback", ops.rollback], { method: UPDATE_SERVICE, after: 2 });
      expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
      for (const loser of await afterRace(results, root, before)) await ops[loser.name as keyof typeof ops]();
      await checkInvariants(fx, "qa", { root });
    }),
  );

  it(
    "two rollbacks to different releases",
    counted(t, "rollback vs rollback", async () => {
      const root = workspace();
      for (const n of [1, 2, 3]) await deploy(root, "qa", n);
      const before = (await fx.calls()).length;
      // The rollback to 1 has its shift in flight while the one to 2 runs: it loses on the etag,
      // re-reads, and still ends on its own target (a rollback names what it wants live).
      const results = await inOrder(["to 1", () => rollback(root, "0000001-000001")], ["to 2", () => rollback(root, "0000002-000002")], {
        method: UPDATE_SERVICE,
      });
      expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
      expect(await afterRace(results, root, before)).toEqual([]);
      const [service] = await clients().services.getService({ name: `${PARENT}/services/web-qa` });
      expect((service.traffic ?? []).find((e) => e.percent === 100)?.revision, "the held rollback's target").toMatch(/^web-qa-0000001-/);
    }),
  );

  it(
    "a pull request's preview deploy racing a rollout of dev",
    counted(t, "preview vs dev deploy", async () => {
      const root = workspace();
      await deploy(root, "dev", 1);
      const before = (await fx.calls()).length;
      const ops = { deploy: () => deploy(root, "dev", 2), preview: () => preview(root, 3) };
      // The preview tags its revision while the deploy's shift to 100% (its second write) is in
      // flight: the shift loses on the etag, and the deploy must take the tag as benign.
      const results = await inOrder(["deploy", ops.deploy], ["preview", ops.preview], { method: UPDATE_SERVICE, after: 1 });
      expect(await aborted(before), "a write lost its etag: the race happened").toBe(true);
      for (const loser of await checkRace(fx, results, root, before, "dev")) await ops[loser.name as keyof typeof ops]();
      await checkInvariants(fx, "dev", { root });
      // Neither run dropped the other's work: release 2 serves, and the preview keeps its tag at 0%.
      const [service] = await clients().services.getService({ name: `${PARENT}/services/web-dev` });
      const byTag = Object.fromEntries((service.traffic ?? []).map((e) => [e.tag ?? "", e]));
      expect(byTag["pr-42"]?.percent ?? 0, "the preview tag is kept at 0%").toBe(0);
      expect(String(byTag["pr-42"]?.revision), "the preview revision").toMatch(/^web-dev-pr-42-/);
      expect((service.traffic ?? []).find((e) => e.percent === 100)?.revision).toMatch(/^web-dev-0000002-/);
    }),
  );

  it(
    "a scheduler sync racing a deploy's batch sync",
    counted(t, "scheduler sync vs deploy", async () => {
      // The new config moves the nightly cron and adds a schedule: both runs want to write both.
      const root = workspace({
        qa: (y) =>
          y
            .replace('cron: "0 3 * * *"', 'cron: "30 4 * * *"')
            .replace(
              "schedules:\n",
              'schedules:\n  - name: qa-weekly\n    cron: "0 4 * * 1"\n    time-zone: Asia/Seoul\n    target:\n      batch: web-qa-clearsessions\n',
            ),
      });
      await deploy(workspace(), "qa", 1);
      const before = (await fx.calls()).length;
      // The sync runs from start to end while the deploy's create of the new schedule is in flight:
      // both planned the same writes, and the deploy's create lands second.
      const results = await inOrder(["deploy", () => deploy(root, "qa", 2)], ["sync", () => sync(root)], {
        method: "google.cloud.scheduler.v1.CloudScheduler/CreateJob",
      });
      const writes = (await since(before)).filter((c) => c.method.startsWith("google.cloud.scheduler.v1.CloudScheduler/") && c.mutating);
      // The race happened: both runs created the new schedule (the deploy found it there).
      expect(
        writes
          .filter((c) => c.method.endsWith("/CreateJob"))
          .map((c) => c.code)
          .sort(),
        "CreateJob codes",
      ).toEqual(["ALREADY_EXISTS", "OK"]);
      expect(await afterRace(results, root, before)).toEqual([]);
      const [jobs] = await clients().scheduler.listJobs({ parent: PARENT });
      expect(jobs.map((j) => String(j.name).split("/").pop()).sort()).toEqual([
        "runway-qa-qa-clearsessions-nightly",
        "runway-qa-qa-weekly",
      ]);
      // Converged: a further sync has nothing left to write.
      await expectConverged(fx, () => sync(root));
    }),
  );
});
