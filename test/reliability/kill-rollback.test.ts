// The SIGKILL sweep (behind RUNWAY_RELIABILITY_FULL=1) for the bundled rollback action: qa holds
// two releases, the action rolls back to the first by its release id, and is SIGKILLed after its
// Nth API call for every N of a clean run; the same rollback is then re-run in-process over the
// same transport (both: gRPC figures `kill-rollback`, REST ones `kill-rollback/rest`) and the
// invariants must hold (including a converged third run that refuses "already serves 100%").
import { afterAll, describe, expect, it } from "vitest";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { categoryOf, KILL_TRANSPORTS, printTallies, startBundled, sweepKills } from "./kill-helpers.js";
import type { Transport } from "../../src/gcp/clients.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const TARGET = "0000001-000001";
const CONVERGED = /already serves 100%/;

const startRollback = (root: string, transport: Transport) =>
  startBundled(fx, "rollback", { environment: "qa", to: TARGET, "config-dir": "environments", "github-token": "" }, root, { transport });

const rollback = (root: string, transport: Transport = "grpc") =>
  rollbackCommand(
    { environment: "qa", to: TARGET, force: false, migrateBack: false, dryRun: false, configDir: "environments", root },
    commandContext(fx.clients[transport]),
  );

const batchImage = async () => {
  const [job] = await fx.clients.grpc.jobs.getJob({ name: `${PARENT}/jobs/web-qa-clearsessions` });
  return job.template?.template?.containers?.[0]?.image;
};

/** qa with two releases: the first is the rollback target. */
async function setup(transport: Transport = "grpc") {
  const root = workspace();
  await deployTo(fx.clients[transport], root, "qa", 1);
  await deployTo(fx.clients[transport], root, "qa", 2);
  return root;
}

afterAll(() => {
  if (FULL) printTallies(["kill-rollback", "kill-rollback/batch"]);
});

async function runSweep(transport: Transport) {
  let beforeWrite = 0;
  let afterWrite = 0;
  const result = await sweepKills(
    fx,
    "kill-rollback",
    {
      setup,
      start: startRollback,
      // Which side of the traffic write the kill landed on: the target already serving 100% or not.
      observe: async () => {
        const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
        if (servedTraffic(service).some((e) => e.percent === 100 && readLedger(service)[e.revision]?.release === TARGET)) afterWrite++;
        else beforeWrite++;
      },
      verdicts: [
        [
          "",
          async (root, t) => {
            // The re-run finishes the rollback, or finds it already done.
            const again = await rollback(root, t).then(
              () => undefined,
              (e: Error) => e,
            );
            if (again) expect(again.message, "re-run after the kill").toMatch(CONVERGED);
            await checkInvariants(fx, "qa", { root, rerun: () => rollback(root, t), convergedRefusal: CONVERGED });
          },
        ],
        // Kept apart (the defect described on the in-process test at the end of this file): the
        // rollback's batch step, the release's batch job back on the target release's image.
        [
          "batch",
          async () => {
            const image = await batchImage();
            expect(image, `web-qa-clearsessions still runs ${image}`).toBe(digest(1));
          },
        ],
      ],
    },
    record,
    transport,
  );
  if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1")
    console.log(result.calls.map((c) => c.split("/").pop()).join(" → "), { transport, beforeWrite, afterWrite });
  const batch = result.problems.filter((p) => p.startsWith(categoryOf("kill-rollback/batch", transport)));
  return { ...result, problems: result.problems.filter((p) => !batch.includes(p)), batch, beforeWrite, afterWrite };
}

const sweeps = new Map<Transport, ReturnType<typeof runSweep>>();
const sweep = (transport: Transport) =>
  sweeps.get(transport) ?? (sweeps.set(transport, runSweep(transport)).get(transport) as ReturnType<typeof runSweep>);

describe.skipIf(!FULL).each(KILL_TRANSPORTS)(
  "SIGKILL between API calls of the rollback action over %s (RUNWAY_RELIABILITY_FULL=1)",
  (transport) => {
    it("converges after the rollback action is killed after any call", { timeout: 900_000 }, async () => {
      expect((await sweep(transport)).problems).toEqual([]);
    });
    it("restores the target release's batch job after a kill and a re-run", { timeout: 900_000 }, async () => {
      expect((await sweep(transport)).batch).toEqual([]);
    });
    it("really kills the action, on both sides of its traffic write", { timeout: 900_000 }, async () => {
      const { killed, beforeWrite, afterWrite, points } = await sweep(transport);
      // ±1 call: the last kill point can, on a loaded machine, find the action already finished.
      expect(killed, "runs ended by SIGKILL rather than by finishing").toBeGreaterThanOrEqual(points - 1);
      expect(beforeWrite).toBeGreaterThan(0);
      expect(afterWrite).toBeGreaterThan(0);
    });
  },
);

// The same window reached without a kill (so it runs in CI): the batch restore fails, and the
// re-run that the failure asks for refuses "already serves 100%" before it restores anything.
describe("rollback whose batch restore failed, then re-run", () => {
  let repro: Promise<{ failed?: Error; again?: Error; image?: string | null }> | undefined;
  const reproduce = async () => {
    const root = await setup();
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
