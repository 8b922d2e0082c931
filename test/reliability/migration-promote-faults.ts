// The promote group of the migration fault matrix (run by migration-faults.test.ts), and the
// re-run while the failed run's migration job is still running.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import type { MemoryLogger } from "../../src/shared/runtime.js";
import { publish } from "../../src/demo/images.js";
import type { Transport } from "../../src/gcp/clients.js";
import { type EmulatorFixture, TRANSPORTS } from "../helpers/emulator.js";
import { CASES } from "../migrations/cases.js";
import { scenario } from "../migrations/helpers.js";
import { checkInvariants } from "./invariants.js";
import { ArmingLogger, OPS, RUN, SCHED, START } from "./migration-arming.js";
import { BASE, DB, FULL, JOB, MIGRATED, type MigrationFixture } from "./migration-fixture.js";
import { expectUntouched, failure, held, served, verdict } from "./migration-verdicts.js";

// ---------------------------------------------------------------------------------------------
// Promote with migrations: dev runs the candidate (0002 applied there), qa the base release.

interface PromoteCase {
  label: string;
  /** Breaks the migration for real in qa's database; `fix` undoes it. */
  breakDb?: string;
  fix?: string;
  arm?: { at: string; fault: Record<string, unknown> };
  transient?: boolean;
  /** The migration has run (or part of it) when the failure surfaces. */
  executed?: boolean;
  default?: Transport[];
}

const RUN_QA = { method: `${RUN}RunJob`, resource: JOB("web-qa-migrate") };
const PROMOTE: PromoteCase[] = [
  {
    label: "the migration fails for real (its table already exists in qa)",
    breakDb: "create table shop_tag (id bigint primary key)",
    fix: "drop table shop_tag",
    default: ["grpc"],
  },
  {
    label: "RunJob UNAVAILABLE once",
    arm: { at: START, fault: { ...RUN_QA, code: "UNAVAILABLE", times: 1 } },
    transient: true,
    default: ["rest"],
  },
  {
    label: "RunJob DEADLINE_EXCEEDED once",
    arm: { at: START, fault: { ...RUN_QA, code: "DEADLINE_EXCEEDED", times: 1 } },
    transient: true,
  },
  {
    label: "RunJob DEADLINE_EXCEEDED persistent",
    arm: { at: START, fault: { ...RUN_QA, code: "DEADLINE_EXCEEDED", times: -1 } },
    default: ["rest"],
  },
  {
    label: "RunJob operation fails INTERNAL",
    arm: { at: START, fault: { ...RUN_QA, failOperation: "INTERNAL", times: 1 } },
    executed: true,
  },
  {
    label: "ResumeJob UNAVAILABLE persistent",
    arm: { at: START, fault: { method: `${SCHED}ResumeJob`, code: "UNAVAILABLE", times: -1 } },
    executed: true,
  },
  {
    label: "GetJob (migration job) UNAVAILABLE persistent",
    arm: { at: START, fault: { method: `${RUN}GetJob`, resource: JOB("web-qa-migrate"), code: "UNAVAILABLE", times: -1 } },
  },
];

const PROMOTES = TRANSPORTS.flatMap((transport) => PROMOTE.map((c) => ({ id: `${transport} · ${c.label}`, transport, c }))).filter(
  (s) => FULL || s.c.default?.includes(s.transport),
);

/** Registers the promote group: one test per transport and case. */
export function promoteFaults(m: MigrationFixture, messages: string[]): void {
  const { fx, world } = m;
  describe("promote with migrations under faults (dev → qa, real PostgreSQL)", () => {
    it.each(PROMOTES.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, c }) => {
      await verdict("migration-promote", id, async () => {
        await m.restore(world.devOnCandidate);
        if (c.breakDb) m.psql(DB.qa, c.breakDb);
        const before = { qa: await served(fx, "qa"), dev: await served(fx, "dev") };
        const error = await failure(m.promoteQa(transport, world.safe.dir, { logger: new ArmingLogger(fx, c.arm) }));
        await fx.control("/_emulator/faults", undefined, "DELETE");
        if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
        if (c.transient) expect(error?.message, "a fault that happens once is retried").toBeUndefined();
        else {
          expect(error, "the promotion must fail").toBeDefined();
          expect((error as Error).message).toMatch(
            /promotion to qa failed at migrations: (sync the migration job web-qa-migrate|run the migration job web-qa-migrate|resume the schedules after the migration job ran): /,
          );
          // qa serves what it served, its ledger says so, dev is untouched, and nothing half-applied stays.
          await expectUntouched(fx, "qa", before.qa);
          await expectUntouched(fx, "dev", before.dev);
          if (!c.executed) expect(m.applied("qa")).toEqual(BASE);
          expect((await held(fx, "dev")).paused).toEqual([]);
          const qa = await held(fx, "qa");
          for (const job of qa.paused) expect(qa.marked).toContain(job);
          if (!c.arm?.fault.method?.toString().endsWith("ResumeJob")) expect(qa.paused).toEqual([]);
          if (c.fix) m.psql(DB.qa, c.fix);
          // With the cause gone, the same promotion applies the migration and goes live.
          const again = await m.promoteQa(transport, world.safe.dir);
          expect(again.outputs["release-id"]).toBeTruthy();
        }
        const done = await served(fx, "qa");
        expect(done.traffic).toHaveLength(1);
        expect(done.traffic[0]?.revision).not.toBe(world.live.qa);
        expect(m.applied("qa")).toEqual(MIGRATED);
        expect(await held(fx, "qa")).toEqual({ paused: [], marked: [] });
        await checkInvariants(fx, "qa", {
          root: world.root,
          rerun: () => m.promoteQa(transport, world.safe.dir),
          convergedRefusal: /already live in qa/,
        });
        await checkInvariants(fx, "dev", { root: world.root });
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// A re-run while the migration job of the failed run is still running: the polls of its
// operation failed (Cloud Run did not answer), but the execution goes on. The re-run must not
// start a second migration beside it.

/** The executions of dev's migration job, oldest first, with when each was created and completed. */
async function migrationExecutions(fx: EmulatorFixture) {
  const [list] = await fx.clients.grpc.executions.listExecutions({ parent: JOB("web-dev-migrate") });
  const time = (t: unknown) =>
    t
      ? new Date(
          Number(String((t as { seconds: unknown }).seconds)) * 1000 + Number((t as { nanos?: number }).nanos ?? 0) / 1e6,
        ).toISOString()
      : undefined;
  return list
    .map((e) => ({
      name: String(e.name).split("/").pop(),
      created: time(e.createTime) as string,
      completed: time(e.completionTime),
      running: !e.completionTime,
    }))
    .sort((a, b) => a.created.localeCompare(b.created));
}

/** Registers the re-run-while-running test. */
export function rerunWhileRunning(m: MigrationFixture, messages: string[]): void {
  const { fx, world } = m;
  describe("a re-run while the failed run's migration job is still running", () => {
    it("does not start a second execution of the migration job beside the first", { timeout: 120_000 }, () =>
      verdict("migration-faults/rerun-while-running", "grpc · GetOperation persistent, then an immediate re-run", async () => {
        await m.restore(world.devOnBase);
        const migration = readFileSync(join(world.safe.dir, "shop/migrations/0002_safe.py"), "utf8").replace(
          "    operations = [\n",
          '    operations = [\n        migrations.RunSQL("select pg_sleep(2)", reverse_sql=migrations.RunSQL.noop),\n',
        );
        const slow = scenario(world.repo, { ...CASES.safe, "shop/migrations/0002_safe.py": migration });
        const image = await publish(m.stage(slow.dir), fx.emu, slow.candidate);
        const deploy = (logger?: MemoryLogger) =>
          deployCommand(
            {
              environment: "dev",
              image,
              commit: slow.candidate,
              dryRun: false,
              configDir: "environments",
              root: world.root,
              gate: { ...m.gateFor(slow.dir, { sql: false }), allow: ["RW302", "RW290", "locking", "irreversible"] },
            },
            m.context("grpc", { logger }),
          );
        const executions = () => migrationExecutions(fx);
        const before = (await executions()).length;
        const error = await failure(deploy(new ArmingLogger(fx, { at: START, fault: { method: OPS, code: "UNAVAILABLE", times: -1 } })));
        await fx.control("/_emulator/faults", undefined, "DELETE");
        expect(error?.message).toMatch(/failed at migrations: run the migration job web-dev-migrate: UNAVAILABLE/);
        const started = await executions();
        expect(
          started.filter((e) => e.running),
          "the first execution still runs",
        ).toHaveLength(1);
        const again = await failure(deploy());
        messages.push(`re-run while running: ${again?.message.split("\n")[0] ?? "succeeded"}`);
        expect(again?.message).toMatch(
          /failed at migrations: run the migration job web-dev-migrate: web-dev-migrate-\w+ of it is still running/,
        );
        expect((await held(fx, "dev")).paused).toEqual([]);
        // Once it has finished, a re-run converges.
        for (let i = 0; i < 200 && (await executions()).some((e) => e.running); i++) await new Promise((r) => setTimeout(r, 50));
        await deploy();
        expect(m.applied("dev")).toEqual(MIGRATED);
        await checkInvariants(fx, "dev", { root: world.root, rerun: () => deploy() });
        const all = (await executions()).slice(before);
        // Never two executions of the migration job at once: each one starts after the one before it completed.
        for (const [i, e] of all.entries())
          if (i > 0) expect(e.created >= (all[i - 1]?.completed ?? "~"), `executions overlap: ${JSON.stringify(all)}`).toBe(true);
      }),
    );
  });
}
