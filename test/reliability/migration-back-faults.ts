// The migrate-back group of the migration fault matrix (run by migration-faults.test.ts): dev
// live on a release that dropped a column, rolled back to the base release with migrate-back,
// which runs the drop backwards through the migration job before the traffic moves. A fault on
// each call that matters: the job's sync and run, the schedules' resume, and the shift after the
// schema has moved. Afterwards: the error names the step, the traffic and ledger are as they
// were, the schema is where the failure left it, no schedule stays paused unmarked, and with the
// faults cleared the same rollback finishes.
import { describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { TRANSPORTS } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { ArmingLogger, RUN, SCHED } from "./migration-arming.js";
import { BASE, CONTRACTED, DB, FULL, JOB, type MigrationFixture } from "./migration-fixture.js";
import { expectUntouched, failure, held, served, verdict } from "./migration-verdicts.js";

const MIGRATE_BACK = "enter migrate back";
const SHIFT = "enter shift traffic";
const MIGRATION_JOB = { resource: JOB("web-dev-migrate") };
const UPDATE_SERVICE = "google.cloud.run.v2.Services/UpdateService";

interface BackCase {
  label: string;
  arm: { at: string; fault: Record<string, unknown> };
  transient?: boolean;
  /** The schema when the failure surfaces: migrated back (true), not (false), or either (the job's outcome was lost). */
  undone?: boolean;
  /** What the error must say. */
  names?: RegExp;
  default?: Transport[];
}

const BACK: BackCase[] = [
  {
    label: "RunJob UNAVAILABLE once",
    arm: { at: MIGRATE_BACK, fault: { method: `${RUN}RunJob`, ...MIGRATION_JOB, code: "UNAVAILABLE", times: 1 } },
    transient: true,
    default: ["grpc"],
  },
  {
    label: "RunJob DEADLINE_EXCEEDED persistent",
    arm: { at: MIGRATE_BACK, fault: { method: `${RUN}RunJob`, ...MIGRATION_JOB, code: "DEADLINE_EXCEEDED", times: -1 } },
    undone: false,
    names: /^migrate back: run the migration job web-dev-migrate: /,
    default: ["rest"],
  },
  {
    label: "RunJob operation fails INTERNAL",
    arm: { at: MIGRATE_BACK, fault: { method: `${RUN}RunJob`, ...MIGRATION_JOB, failOperation: "INTERNAL", times: 1 } },
    names: /^migrate back: run the migration job web-dev-migrate: /,
  },
  {
    // The job already runs the current release's image, so its sync only reads it.
    label: "GetJob (migration job) UNAVAILABLE persistent",
    arm: { at: MIGRATE_BACK, fault: { method: `${RUN}GetJob`, ...MIGRATION_JOB, code: "UNAVAILABLE", times: -1 } },
    undone: false,
    names: /^migrate back: sync the migration job web-dev-migrate: /,
  },
  {
    label: "ResumeJob UNAVAILABLE persistent",
    arm: { at: MIGRATE_BACK, fault: { method: `${SCHED}ResumeJob`, code: "UNAVAILABLE", times: -1 } },
    undone: true,
    names: /^migrate back: resume the schedules after the migration job ran: /,
  },
  {
    // The one state in which the old schema meets the new code: the error must say so.
    label: "UpdateService UNAVAILABLE persistent, after the schema moved",
    arm: { at: SHIFT, fault: { method: UPDATE_SERVICE, code: "UNAVAILABLE", times: -1 } },
    undone: true,
    names:
      /^shift traffic: UNAVAILABLE: .*Note: the schema is already migrated back \(unapplied 1 migration\(s\): shop back to 0001_initial\) while web-dev-\S+ still serves: re-run the same rollback, with migrate-back, now/s,
    default: ["grpc"],
  },
  {
    label: "UpdateService DEADLINE_EXCEEDED once, after the schema moved",
    arm: { at: SHIFT, fault: { method: UPDATE_SERVICE, code: "DEADLINE_EXCEEDED", times: 1 } },
    transient: true,
  },
];

const SCENARIOS = TRANSPORTS.flatMap((transport) => BACK.map((c) => ({ id: `${transport} · ${c.label}`, transport, c }))).filter(
  (s) => FULL || s.c.default?.includes(s.transport),
);

/** Registers the migrate-back group: one test per transport and case. */
export function migrateBackFaults(m: MigrationFixture, messages: string[]): void {
  const { fx, world } = m;
  describe("migrate-back during a rollback under faults (dev, real PostgreSQL)", () => {
    it.each(SCENARIOS.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, c }) => {
      await verdict("migration-back", id, async () => {
        await m.restore(world.devOnContract, `${DB.dev}_contract_tpl`);
        const before = await served(fx, "dev");
        const since = (await fx.calls()).length;
        const error = await failure(m.migrateBackDev(transport, { logger: new ArmingLogger(fx, c.arm) }));
        const hit = (await fx.calls())
          .slice(since)
          .some((call) => call.method === c.arm.fault.method && call.code === (c.arm.fault.code ?? "OK"));
        await fx.control("/_emulator/faults", undefined, "DELETE");
        expect(hit, "the fault hit its call").toBe(true);
        if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
        if (c.transient) expect(error?.message, "a fault that happens once is retried").toBeUndefined();
        else {
          expect(error?.message).toMatch(c.names as RegExp);
          await expectUntouched(fx, "dev", before);
          if (c.undone !== undefined)
            expect(m.applied("dev"), "the schema when the failure surfaced").toEqual(c.undone ? BASE : CONTRACTED);
          const dev = await held(fx, "dev");
          for (const job of dev.paused) expect(dev.marked, "a schedule paused but not marked by Runway").toContain(job);
          // The same rollback, with the faults gone, finishes what the failed one started.
          await m.migrateBackDev(transport);
        }
        const done = await served(fx, "dev");
        expect(done.traffic.map((e) => [e.revision, e.percent])).toEqual([[world.live.dev, 100]]);
        expect(m.applied("dev")).toEqual(BASE);
        expect(await held(fx, "dev")).toEqual({ paused: [], marked: [] });
        await checkInvariants(fx, "dev", {
          root: world.root,
          rerun: () => m.migrateBackDev(transport),
          convergedRefusal: /already serves 100%/,
        });
      });
    });
  });
}
