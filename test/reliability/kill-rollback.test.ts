// The SIGKILL sweep (behind RUNWAY_RELIABILITY_FULL=1) for the bundled rollback action: qa holds
// two releases, the action rolls back to the first by its release id, and is SIGKILLed after its
// Nth API call for every N of a clean run; the same rollback is then re-run in-process and the
// invariants must hold (including a converged third run that refuses "already serves 100%").
import { afterAll, describe, expect, it } from "vitest";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { exited, killAfter, startBundled } from "./kill-helpers.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const TARGET = "0000001-000001";
const CONVERGED = /already serves 100%/;

const startRollback = (root: string) => startBundled(fx, "rollback", { environment: "qa", to: TARGET, "config-dir": "environments", "github-token": "" }, root);

const rollback = (root: string) =>
  rollbackCommand(
    { environment: "qa", to: TARGET, force: false, migrateBack: false, dryRun: false, configDir: "environments", root },
    commandContext(fx.clients.grpc),
  );

const batchImage = async () => {
  const [job] = await fx.clients.grpc.jobs.getJob({ name: `${PARENT}/jobs/web-qa-clearsessions` });
  return job.template?.template?.containers?.[0]?.image;
};

/** qa with two releases: the first is the rollback target. */
async function setup() {
  const root = workspace();
  await deployTo(fx.clients.grpc, root, "qa", 1);
  await deployTo(fx.clients.grpc, root, "qa", 2);
  return { root, before: (await fx.calls()).length };
}

afterAll(() => {
  if (!FULL) return;
  for (const category of ["kill-rollback", "kill-rollback/batch"]) {
    const { run, passed } = record.summary(category);
    console.log(`[reliability] ${category}: ${passed}/${run} passed`);
  }
});

async function runSweep() {
  const clean = await setup();
  const child = startRollback(clean.root);
  await exited(child);
  expect(child.exitCode, "a clean run of the rollback action").toBe(0);
  const calls = (await fx.calls()).slice(clean.before);
  expect(await batchImage(), "a clean rollback restores the batch job's image").toBe(digest(1));
  const methods = [...new Set(calls.map((c) => c.method))];
  const problems: string[] = [];
  const batch: string[] = [];
  let killed = 0;
  let beforeWrite = 0;
  let afterWrite = 0;
  for (let n = 1; n < calls.length; n++) {
    await fx.emu.reset();
    const { root, before } = await setup();
    const victim = await killAfter(fx, methods, before, n, () => startRollback(root));
    const id = `killed after call ${n} (${calls[n - 1]?.method.split("/").pop()})`;
    if (victim.signalCode === "SIGKILL") killed++;
    const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    // Which side of the traffic write the kill landed on: the target already serving 100% or not.
    if (servedTraffic(service).some((e) => e.percent === 100 && readLedger(service)[e.revision]?.release === TARGET)) afterWrite++;
    else beforeWrite++;
    try {
      // The re-run finishes the rollback, or finds it already done.
      const again = await rollback(root).then(
        () => undefined,
        (e: Error) => e,
      );
      if (again) expect(again.message, "re-run after the kill").toMatch(CONVERGED);
      await checkInvariants(fx, "qa", { root, rerun: () => rollback(root), convergedRefusal: CONVERGED });
      record.pass("kill-rollback", id);
    } catch (e) {
      record.fail("kill-rollback", id);
      problems.push(`${id}: ${(e as Error).message.split("\n")[0]}`);
    }
    // Kept apart (the open defect described on the in-process test at the end of this file):
    // the rollback's batch step, the release's batch job back on the target release's image.
    const image = await batchImage();
    if (image === digest(1)) record.pass("kill-rollback/batch", id);
    else {
      record.fail("kill-rollback/batch", id);
      batch.push(`${id}: web-qa-clearsessions still runs ${image}`);
    }
  }
  if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1")
    console.log(calls.map((c) => c.method.split("/").pop()).join(" → "), { killed, beforeWrite, afterWrite });
  return { problems, batch, killed, beforeWrite, afterWrite, points: calls.length - 1 };
}

let sweep: ReturnType<typeof runSweep> | undefined;

describe.skipIf(!FULL)("SIGKILL between API calls of the rollback action (RUNWAY_RELIABILITY_FULL=1)", () => {
  it("converges after the rollback action is killed after any call", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    expect((await sweep).problems).toEqual([]);
  });
  // BUG (see the in-process test at the end of this file): killed after the traffic shift and
  // before the batch restore, the re-run refuses "already serves 100%" and never restores the batch job.
  it("restores the target release's batch job after a kill and a re-run", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    expect((await sweep).batch).toEqual([]);
  });
  it("really kills the action, on both sides of its traffic write", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    const { killed, beforeWrite, afterWrite, points } = await sweep;
    // ±1 call: the last kill point can, on a loaded machine, find the action already finished.
    expect(killed, "runs ended by SIGKILL rather than by finishing").toBeGreaterThanOrEqual(points - 1);
    expect(beforeWrite).toBeGreaterThan(0);
    expect(afterWrite).toBeGreaterThan(0);
  });
});

// The same window reached without a kill (so it runs in CI): the batch restore fails, and the
// re-run that the failure asks for refuses "already serves 100%" before it restores anything.
describe("rollback whose batch restore failed, then re-run", () => {
  let repro: Promise<{ failed?: Error; again?: Error; image?: string | null }> | undefined;
  const reproduce = async () => {
    const { root } = await setup();
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Jobs/UpdateJob", code: "UNAVAILABLE", times: -1 });
    const failed = await rollback(root).then(
      () => undefined,
      (e: Error) => e,
    );
    await fx.control("/_emulator/faults", undefined, "DELETE");
    const again = await rollback(root).then(
      () => undefined,
      (e: Error) => e,
    );
    return { failed, again, image: await batchImage() };
  };
  it("the failed restore names its step and asks for a re-run", async () => {
    repro ??= reproduce();
    const { failed } = await repro;
    expect(failed?.message).toMatch(/^restore batch jobs and schedules: .*re-run to converge/);
  });
  // BUG (src/core/rollback.ts, open): planRollback refuses "already serves 100%" before the
  // "restore batch jobs and schedules" phase, so the re-run that the failure asks for never
  // restores the batch job: web-qa-clearsessions keeps the newer release's image.
  it("the re-run restores the target release's batch job", async () => {
    repro ??= reproduce();
    expect((await repro).image, "web-qa-clearsessions must run the rolled-back-to release").toBe(digest(1));
  });
});
