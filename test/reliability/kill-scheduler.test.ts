// The SIGKILL sweep (behind RUNWAY_RELIABILITY_FULL=1) for the bundled scheduler action (sync
// with prune): qa's release created three managed schedules, and the sync must update one, pause
// one, delete one and create two (one of them paused), so it has several writes to be killed
// between. After each kill the sync is re-run in-process over the same transport (both: gRPC
// figures `kill-scheduler`, REST ones `kill-scheduler/rest`) and the invariants must hold.
import { afterAll, describe, expect, it } from "vitest";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, startBundled, sweepKills } from "./kill-helpers.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();

const schedule = (name: string, cron: string, paused = false) =>
  `  - name: ${name}\n    cron: "${cron}"\n    time-zone: Asia/Seoul\n    target:\n      batch: web-qa-clearsessions\n${paused ? "    paused: true\n" : ""}`;
const withSchedules =
  (...extra: string[]) =>
  (y: string) =>
    y.replace("schedules:\n", `schedules:\n${extra.join("")}`);

/** What qa's release created: the nightly schedule plus two more. */
const BEFORE = withSchedules(schedule("qa-weekly", "0 4 * * 1"), schedule("qa-hourly", "0 * * * *"));
/** What the sync must reach: nightly moved, weekly gone (prune), hourly paused, two new. */
const AFTER = (y: string) =>
  withSchedules(
    schedule("qa-hourly", "0 * * * *", true),
    schedule("qa-monthly", "0 5 1 * *"),
    schedule("qa-audit", "0 6 * * *", true),
  )(y.replace('cron: "0 3 * * *"', 'cron: "30 4 * * *"'));
/** Declared both before and after the sync: a kill may never make one of these disappear. */
const KEPT = ["qa-clearsessions-nightly", "qa-hourly"];

const sync = (root: string, transport: Transport) =>
  schedulerCommand(
    { environment: "qa", command: "sync", dryRun: false, prune: true, configDir: "environments", root },
    commandContext(fx.clients[transport]),
  );
const managed = async () =>
  (await fx.clients.grpc.scheduler.listJobs({ parent: PARENT }))[0]
    .map((j) => String(j.name).split("/").pop() as string)
    .filter((n) => n.startsWith("runway-qa-"));

const sweep = (transport: Transport) =>
  sweepKills(
    fx,
    "kill-scheduler",
    {
      setup: async (t) => {
        await deployTo(fx.clients[t], workspace({ qa: BEFORE }), "qa", 1);
        return workspace({ qa: AFTER });
      },
      start: (root, t) =>
        startBundled(fx, "scheduler", { environment: "qa", command: "sync", prune: "true", "config-dir": "environments" }, root, {
          transport: t,
        }),
      verdicts: [
        // Before any re-run: a kill mid-sync never loses a schedule that stays declared.
        ["kept", async () => expect(await managed()).toEqual(expect.arrayContaining(KEPT.map((s) => `runway-qa-${s}`)))],
        [
          "",
          async (root, t) => {
            await sync(root, t);
            await checkInvariants(fx, "qa", { root, rerun: () => sync(root, t) });
            // Exactly the declared set: the pruned one gone, nothing duplicated.
            expect((await managed()).sort()).toEqual(
              ["qa-audit", "qa-clearsessions-nightly", "qa-hourly", "qa-monthly"].map((s) => `runway-qa-${s}`),
            );
          },
        ],
      ],
    },
    record,
    transport,
  );

afterAll(() => {
  if (FULL) printTallies(["kill-scheduler", "kill-scheduler/kept"]);
});

describe.skipIf(!FULL).each(KILL_TRANSPORTS)(
  "SIGKILL between API calls of the scheduler action over %s (RUNWAY_RELIABILITY_FULL=1)",
  (transport) => {
    it("converges after a scheduler sync is killed after any call", { timeout: 900_000 }, async () => {
      const { problems, killed, points, calls } = await sweep(transport);
      if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(calls.map((c) => c.split("/").pop()).join(" → "));
      expect(problems).toEqual([]);
      expect(points, "API calls of a clean sync: one ListJobs and six writes").toBeGreaterThanOrEqual(6);
      expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - 1);
    });
  },
);
