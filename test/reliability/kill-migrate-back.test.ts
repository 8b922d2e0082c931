// The SIGKILL sweep (behind RUNWAY_RELIABILITY_FULL=1) for a rollback that migrates back: dev
// live on a release that dropped a column, the bundled rollback action run with migrate-back to
// the release before it (Django unapplying the drop in a real PostgreSQL through the emulator's
// migration job: kill-migrate-helpers.ts). It is SIGKILLed after each of its API calls in turn,
// over both transports, and the same rollback is then re-run in-process. After each:
//   ""        — the re-run converges: the base release serves 100%, the drop is undone, the
//               invariants hold and a further run refuses as done;
//   schedules — no managed schedule lost, none left paused or carrying Runway's paused mark.
// A re-run that meets the killed run's execution still running may refuse, naming it; it is run
// again once that has finished.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { useEmulator } from "../helpers/emulator.js";
import { useDjango } from "../migrations/helpers.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, type SweepResult, startBundled, sweepKills } from "./kill-helpers.js";
import { BASE, MigrateWorld } from "./kill-migrate-helpers.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const STILL_RUNNING = /run the migration job web-dev-migrate: web-dev-migrate-[\w-]+ of it is still running/;

describe.skipIf(!FULL)("SIGKILL between API calls of a rollback that migrates back (RUNWAY_RELIABILITY_FULL=1)", () => {
  const fx = useEmulator();
  const w = new MigrateWorld(fx, useDjango());
  beforeAll(() => w.buildContract(), 300_000);
  afterAll(() => printTallies(["kill-migrate-back", "kill-migrate-back/schedules"]));

  /** The re-run a person makes after the kill: the same rollback, once more if the killed run's migration still ran. */
  async function rerun(t: Transport): Promise<void> {
    const error = await w.migrateBack(t).then(
      () => undefined,
      (e: Error) => e,
    );
    if (!error) return;
    expect(error.message, "the only refusal allowed: the killed run's migration is still running").toMatch(STILL_RUNNING);
    await w.settle();
    await w.migrateBack(t);
  }

  const runSweep = (transport: Transport): Promise<SweepResult> =>
    sweepKills(
      fx,
      "kill-migrate-back",
      {
        setup: async () => {
          await w.restore();
          return w.root;
        },
        start: (root, t) => startBundled(fx, "rollback", w.rollbackInputs(), root, { transport: t, env: w.runnerEnv() }),
        verdicts: [
          [
            "",
            async (root, t) => {
              await rerun(t);
              const [service] = await fx.clients.grpc.services.getService({ name: w.names.service });
              expect((service.traffic ?? []).find((e) => e.percent === 100)?.revision, "the base release serves").toBe(w.live);
              expect(w.applied(), "the drop is undone").toEqual(BASE);
              await checkInvariants(fx, "dev", { root, rerun: () => w.migrateBack(t), convergedRefusal: /already serves 100%/ });
            },
          ],
          ["schedules", async () => expect(await w.held(), "dev's managed schedules after the re-run").toEqual({ paused: [], marked: [] })],
        ],
      },
      record,
      transport,
    );

  describe.each(KILL_TRANSPORTS)("over %s", (transport) => {
    it("converges, with the drop undone, after the rollback is killed after any call", { timeout: 1_800_000 }, async () => {
      const { problems, killed, points, calls } = await runSweep(transport);
      if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(calls.map((c) => c.split("/").pop()).join(" → "));
      expect(problems).toEqual([]);
      expect(
        calls.filter((c) => c.endsWith("/RunJob")),
        "a clean run runs the migration job once",
      ).toHaveLength(1);
      // The clean run polls the job's operation more often than a slowed one: the last points can find the action done.
      const polls = calls.filter((c) => c.endsWith("/GetOperation")).length;
      expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - polls);
    });
  });
});
