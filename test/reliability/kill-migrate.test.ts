// The SIGKILL sweeps (behind RUNWAY_RELIABILITY_FULL=1) for migration execution: the bundled
// deploy action deploys a release carrying a new migration to dev, and the bundled promote action
// promotes such a release from dev to qa, each with the migration gate (`project-dir`) and the
// migration job run for real (Django migrating a real PostgreSQL through the emulator's job:
// kill-migrate-helpers.ts). Each is SIGKILLed after each of its API calls in turn, over both
// transports (gRPC figures `kill-migrate…` and `kill-migrate-promote…`, REST ones `…/rest`), and
// the same command is then re-run in-process over the same transport. After each:
//   ""        — the re-run converges: the migration applied, the invariants hold, a third run writes nothing;
//   once      — the migration is recorded exactly once in django_migrations, and no two executions
//               of the migration job ever ran at the same time;
//   schedules — no managed schedule lost, none left paused or carrying Runway's paused mark;
//   running   — a kill after RunJob leaves the execution running in Cloud Run. Runway does not wait
//               for it: the re-run refuses at the migration step, naming that execution, starts no
//               second one, and leaves the schedules as the killed run left them (paused while its
//               migration runs); once it has finished, the next re-run converges. The migration sleeps a few seconds so the sweep meets this case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { useEmulator } from "../helpers/emulator.js";
import { useDjango } from "../migrations/helpers.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, type SweepResult, startBundled, sweepKills } from "./kill-helpers.js";
import { type Execution, MIGRATED, MigrateWorld } from "./kill-migrate-helpers.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const STILL_RUNNING =
  /failed at migrations: run the migration job web-(?:dev|qa)-migrate: (web-(?:dev|qa)-migrate-[\w-]+) of it is still running/;

const SWEEPS = [
  { what: "a deploy to dev", env: "dev", category: "kill-migrate", convergedRefusal: undefined },
  { what: "a promotion to qa", env: "qa", category: "kill-migrate-promote", convergedRefusal: /already live in qa/ },
] as const;

/** What one kill point left, shared by its verdicts. */
interface Point {
  /** Executions of the migration job running right after the kill. */
  runningAfterKill: string[];
  /** Managed schedules paused right after the kill. */
  pausedAfterKill?: string[];
  /** The first re-run's refusal, when it refused. */
  refusal?: { message: string; named: string; runningThen: string[]; pausedAfter: string[] };
}

describe.skipIf(!FULL)("SIGKILL between API calls of a command that runs a migration (RUNWAY_RELIABILITY_FULL=1)", () => {
  const fx = useEmulator();
  const django = useDjango();
  describe.each(SWEEPS.map((sweep) => [sweep.what, sweep] as const))("%s", (_what, { env, category, convergedRefusal }) => {
    const w = new MigrateWorld(fx, django, env);
    beforeAll(() => w.build(), 300_000);

    const refusals = new Map<Transport, string[]>();
    afterAll(() => {
      printTallies([category, `${category}/once`, `${category}/schedules`, `${category}/running`]);
      for (const transport of KILL_TRANSPORTS) {
        const ids = refusals.get(transport) ?? [];
        console.log(
          `[reliability] ${category}${transport === "rest" ? "/rest" : ""}: ${ids.length} re-run(s) refused, naming the killed run's execution still running${ids.length ? ` (${ids.join(", ")})` : ""}; each converged once it had finished`,
        );
      }
    });

    async function runSweep(transport: Transport): Promise<SweepResult> {
      let point: Point = { runningAfterKill: [] };
      return sweepKills(
        fx,
        category,
        {
          setup: async () => {
            await w.restore();
            return w.root;
          },
          start: (root, t) => startBundled(fx, w.action().name, w.action().inputs, root, { transport: t, env: w.runnerEnv() }),
          observe: async () => {
            point = {
              runningAfterKill: (await w.executions()).filter((e) => e.running).map((e) => e.name),
              pausedAfterKill: (await w.held()).paused,
            };
          },
          verdicts: [
            [
              "",
              async (root, t) => {
                const first = await w.rerun(t).then(
                  () => undefined,
                  (e: Error) => e,
                );
                // A promotion killed after its last write has nothing left to do: its re-run
                // refuses as converged, which the invariants below must bear out.
                if (first && !convergedRefusal?.test(first.message)) {
                  // The only other refusal allowed: the killed run's migration is still running.
                  const named = STILL_RUNNING.exec(first.message)?.[1];
                  expect(named, `re-run after the kill: ${first.message}`).toBeDefined();
                  const runningThen = (await w.executions()).filter((e) => e.running).map((e) => e.name);
                  point.refusal = {
                    message: first.message.split("\n")[0] as string,
                    named: named as string,
                    runningThen,
                    pausedAfter: (await w.held()).paused,
                  };
                  refusals.set(t, [...(refusals.get(t) ?? []), named as string]);
                  // Once it has finished, the re-run the message asks for converges.
                  await w.settle();
                  await w.rerun(t);
                }
                expect(w.applied()).toEqual(MIGRATED);
                await checkInvariants(fx, env, { root, rerun: () => w.rerun(t), convergedRefusal });
              },
            ],
            [
              "once",
              async () => {
                expect(w.applied(), "django_migrations: each shop migration once").toEqual(MIGRATED);
                const all: Execution[] = await w.executions();
                expect(
                  all.filter((e) => e.running),
                  "an execution still running after the re-runs",
                ).toEqual([]);
                // Never two executions of the migration job at once: each starts after the one before it completed.
                for (const [i, e] of all.entries())
                  if (i > 0) expect(e.created >= (all[i - 1]?.completed ?? "~"), `executions overlap: ${JSON.stringify(all)}`).toBe(true);
              },
            ],
            [
              "schedules",
              async () => expect(await w.held(), `${env}'s managed schedules after the re-run`).toEqual({ paused: [], marked: [] }),
            ],
            [
              "running",
              async () => {
                const { refusal } = point;
                if (!refusal) return;
                // It names the execution that was running, which the killed run started.
                expect(point.runningAfterKill, "the execution the refusal names was running after the kill").toContain(refusal.named);
                expect(refusal.runningThen, "…and still was when the re-run refused").toContain(refusal.named);
                expect(refusal.runningThen, "the refusing re-run started no execution of its own").toEqual([refusal.named]);
                expect(refusal.message, "it says what to do").toMatch(/re-run once it has finished/);
                expect(refusal.pausedAfter, "the refusal leaves the schedules as the killed run left them").toEqual(point.pausedAfterKill);
              },
            ],
          ],
        },
        record,
        transport,
      );
    }

    describe.each(KILL_TRANSPORTS)("over %s", (transport) => {
      it("converges, with the migration applied once, after it is killed after any call", { timeout: 1_800_000 }, async () => {
        const { problems, killed, points, calls } = await runSweep(transport);
        if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(calls.map((c) => c.split("/").pop()).join(" → "));
        expect(problems).toEqual([]);
        // The clean run is not slowed, so it polls the job's operation more often than a slowed run
        // does: the last points, as many as those extra polls, can find the action already finished.
        const polls = calls.filter((c) => c.endsWith("/GetOperation")).length;
        expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - polls);
        expect(
          calls.filter((c) => c.endsWith("/RunJob")),
          "a clean run runs the migration job once",
        ).toHaveLength(1);
        // The sweep met the case it exists for: a re-run while the killed run's migration still ran.
        expect(refusals.get(transport)?.length ?? 0, "re-runs that met the killed run's execution still running").toBeGreaterThan(0);
      });
    });
  });
});
