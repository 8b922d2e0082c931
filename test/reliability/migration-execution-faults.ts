// The execution group of the migration fault matrix (run by migration-faults.test.ts): a dev
// deploy whose release carries a migration, with a fault on each call the migration step makes
// (Cloud Run jobs and operations, the Scheduler pause and resume), armed when that step begins
// (or, for the calls of the resume, when the pause is done), so it hits exactly that call.
import { describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { TRANSPORTS } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { ArmingLogger, EXECUTION, OPS, SCHED, TARGETS, type Target } from "./migration-arming.js";
import { BASE, FULL, MIGRATED, type MigrationFixture } from "./migration-fixture.js";
import { expectUntouched, failure, held, namesStep, served, verdict } from "./migration-verdicts.js";

/** Registers the group: the check that the targets are the step's calls, then one test per transport, call and fault. */
export function executionFaults(m: MigrationFixture, messages: string[]): void {
  const { fx, world } = m;
  describe("migration execution under API faults (dev deploy, gate on, real PostgreSQL)", () => {
    // The targets are the migration step's calls as a clean run makes them: a new call, or a
    // changed order that would make a fault hit another call than meant, fails here.
    it.each(FULL ? TRANSPORTS : (["grpc"] as Transport[]))(
      "the targets are exactly the calls of the migration step over %s",
      { timeout: 60_000 },
      async (transport) => {
        await m.restore(world.devOnBase);
        const logger = new ArmingLogger(fx, undefined, true);
        await m.deployDev(transport, "safe", { logger, sql: false });
        const calls = await fx.calls();
        const index = (event: string) => logger.events.find((e) => e.event === event)?.calls as number;
        const [from, to] = [index("enter migrations"), index("exit migrations")];
        const matches = (c: { method: string; resource?: string }, t: Target) =>
          c.method === t.method && (t.resource === undefined || c.resource === t.resource);
        const hit = TARGETS.map((t) => {
          const matching = calls.map((c, i) => ({ c, i })).filter(({ c, i }) => i >= index(t.at) && matches(c, t));
          return matching[t.after ?? 0]?.i ?? -1;
        });
        // Each target's armed fault hits a call inside the step, and together they hit every call of it but repeated polls.
        for (const [i, t] of TARGETS.entries()) expect(hit[i], `${t.label} is hit inside the migration step`).toBeGreaterThanOrEqual(from);
        for (const [i, t] of TARGETS.entries()) expect(hit[i], `${t.label} is hit inside the migration step`).toBeLessThan(to);
        const step = calls.slice(from, to).map((c, i) => ({ ...c, i: from + i }));
        const unhit = step.filter((c) => !hit.includes(c.i) && c.method !== OPS);
        expect(
          unhit.map((c) => `${c.method} ${c.resource}`),
          "calls of the migration step no target hits",
        ).toEqual([]);
        expect(m.applied("dev")).toEqual(MIGRATED);
      },
    );

    it.each(EXECUTION.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, target, fault }) => {
      await m.restore(world.devOnBase);
      const before = await served(fx, "dev");
      const logger = new ArmingLogger(fx, { at: target.at, fault: fault.body(target) });
      const since = (await fx.calls()).length;
      const error = await failure(m.deployDev(transport, "safe", { logger, sql: false }));
      await fx.control("/_emulator/faults", undefined, "DELETE");
      if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
      // The fault hit the call it was meant for (a fault that never fires would pass vacuously).
      const faulted = (await fx.calls())
        .slice(since)
        .filter((c) => c.method === target.method && (!target.resource || c.resource === target.resource));
      if (fault.onlyLro) expect(error, "a failed operation fails the deploy").toBeDefined();
      else expect(faulted.filter((c) => c.code !== "OK").length, `${target.label} was faulted`).toBeGreaterThan(0);

      if (fault.transient)
        await verdict("migration-faults/retry", id, () => expect(error?.message, "a fault that happens once is retried").toBeUndefined());
      // A persistent fault, or a failed operation, must fail the deploy at the migration step.
      if (!fault.transient) expect(error, "the deploy must fail").toBeDefined();
      if (error) {
        await verdict("migration-faults/step", id, () => {
          expect(namesStep(error, /failed at migrations: /), error.message).toBe(true);
          // … and which part of it: the job sync, the pause, the run or the resume (after which the migration is applied).
          expect(error.message).toMatch(target.names);
          // A Scheduler failure says which schedule and which action.
          if (target.method.startsWith(SCHED) && target.resource)
            expect(error.message).toMatch(/(pause|resume|update description) dev-clearsessions-(nightly|noon)/);
        });
        await verdict("migration-faults/untouched", id, async () => {
          await expectUntouched(fx, "dev", before);
          // Before the job ran, the database is as it was.
          const executed = target.afterRun || (fault.onlyLro && target.method.endsWith("RunJob"));
          if (!executed) expect(m.applied("dev")).toEqual(BASE);
        });
      }
      await verdict("migration-faults/paused", id, async () => {
        const now = await held(fx, "dev");
        // Only a persistent outage of Scheduler during the resume can leave a schedule paused, and
        // then only one Runway marked, which the re-run resumes.
        if (!(error && target.resume && !fault.transient)) expect(now.paused, "paused after the failure").toEqual([]);
        for (const id of now.paused) expect(now.marked, `${id} paused without Runway's mark: no re-run would resume it`).toContain(id);
      });
      await verdict("migration-faults/state", id, async () => {
        // With the faults cleared, the same deploy completes and the migration is applied.
        if (error) await m.deployDev(transport, "safe", { sql: false });
        const done = await served(fx, "dev");
        expect(done.traffic).toHaveLength(1);
        expect(done.traffic[0]?.revision).not.toBe(world.live.dev);
        expect(m.applied("dev")).toEqual(MIGRATED);
        expect(await held(fx, "dev"), "no schedule paused or marked after the re-run").toEqual({ paused: [], marked: [] });
        await checkInvariants(fx, "dev", { root: world.root, rerun: () => m.deployDev(transport, "safe", { sql: false }) });
      });
    });
  });
}
