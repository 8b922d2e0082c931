// The gate group of the migration fault matrix (run by migration-faults.test.ts): faults before
// and inside the migration gate (the service read the gate compares with, a gate that errors,
// the gate command's own reads). Nothing it (or the read before it) fails on may be followed by
// a write.
import { describe, expect, it } from "vitest";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";
import type { Transport } from "../../src/gcp/clients.js";
import { TRANSPORTS } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { BASE, type Env, FULL, type Logged, MIGRATED, type MigrationFixture } from "./migration-fixture.js";
import { expectUntouched, failure, held, served, verdict, writes } from "./migration-verdicts.js";

interface GateCase {
  label: string;
  run: (transport: Transport) => Promise<unknown>;
  /** The fault, injected before the run. */
  fault?: Record<string, unknown>;
  transient?: boolean;
  step: RegExp;
  /** Which environment it targets, and what a converged re-run is. */
  env: Env;
  rerun: (transport: Transport) => () => Promise<unknown>;
  convergedRefusal?: RegExp;
  /** The gate command: it never writes, and a re-run must give the clean decision. */
  check?: boolean;
  snapshot: () => unknown;
  default?: Transport[];
}

const BROKEN_PYTHON = "/nonexistent/runway-test/python3";

/** The gate command for qa, on the candidate. */
const checkCommand = (m: MigrationFixture, transport: Transport, o: Logged = {}) =>
  migrationsCheckCommand(
    {
      environment: "qa",
      candidate: m.world.safe.candidate,
      projectDir: m.world.safe.dir,
      configDir: "environments",
      root: m.world.root,
      allow: [],
      python: o.python ?? m.django.venv.python,
    },
    m.context(transport, o),
  );

/** The cases, each run over the transports it lists by default (every transport with RUNWAY_RELIABILITY_FULL=1). */
function gateCases(m: MigrationFixture): GateCase[] {
  const { world } = m;
  return [
    {
      label: "deploy: GetService UNAVAILABLE persistent (the read the gate compares with)",
      run: (t) => m.deployDev(t, "safe"),
      fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: -1 },
      step: /failed at read service|read service/,
      env: "dev",
      rerun: (t) => () => m.deployDev(t, "safe"),
      snapshot: () => world.devOnBase,
      default: ["rest"],
    },
    {
      label: "deploy: GetService DEADLINE_EXCEEDED persistent",
      run: (t) => m.deployDev(t, "safe"),
      fault: { method: "google.cloud.run.v2.Services/GetService", code: "DEADLINE_EXCEEDED", times: -1 },
      step: /read service/,
      env: "dev",
      rerun: (t) => () => m.deployDev(t, "safe"),
      snapshot: () => world.devOnBase,
    },
    {
      label: "deploy: GetService DEADLINE_EXCEEDED once",
      run: (t) => m.deployDev(t, "safe"),
      fault: { method: "google.cloud.run.v2.Services/GetService", code: "DEADLINE_EXCEEDED", times: 1 },
      transient: true,
      step: /read service/,
      env: "dev",
      rerun: (t) => () => m.deployDev(t, "safe"),
      snapshot: () => world.devOnBase,
    },
    {
      label: "deploy: the gate errors (its Python cannot start)",
      run: (t) => m.deployDev(t, "safe", { python: BROKEN_PYTHON }),
      step: /^migration gate: |failed at migration gate/,
      env: "dev",
      rerun: (t) => () => m.deployDev(t, "safe"),
      snapshot: () => world.devOnBase,
      default: ["grpc"],
    },
    {
      label: "promote: the gate errors (its Python cannot start)",
      run: (t) => m.promoteQa(t, world.safe.dir, { python: BROKEN_PYTHON }),
      step: /^migration gate: |failed at migration gate/,
      env: "qa",
      rerun: (t) => () => m.promoteQa(t, world.safe.dir),
      convergedRefusal: /already live in qa/,
      snapshot: () => world.devOnCandidate,
    },
    {
      label: "deploy: the gate's SQL pass cannot reach PostgreSQL",
      run: (t) => m.deployDev(t, "safe", { databaseUrl: "postgresql://runway@127.0.0.1:9/nowhere" }),
      step: /^migration gate: |failed at migration gate/,
      env: "dev",
      rerun: (t) => () => m.deployDev(t, "safe"),
      snapshot: () => world.devOnBase,
    },
    {
      label: "gate command: GetService UNAVAILABLE persistent (reading the live commit)",
      run: (t) => checkCommand(m, t),
      fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: -1 },
      step: /^read the release live in qa: /,
      env: "qa",
      rerun: (t) => () => checkCommand(m, t),
      check: true,
      snapshot: () => world.devOnCandidate,
      default: ["grpc"],
    },
    {
      label: "gate command: GetRevision DEADLINE_EXCEEDED persistent (reading the live commit)",
      run: (t) => checkCommand(m, t),
      fault: { method: "google.cloud.run.v2.Revisions/GetRevision", code: "DEADLINE_EXCEEDED", times: -1 },
      step: /^read the release live in qa: /,
      env: "qa",
      rerun: (t) => () => checkCommand(m, t),
      check: true,
      snapshot: () => world.devOnCandidate,
      default: ["rest"],
    },
    {
      label: "gate command: GetService UNAVAILABLE once",
      run: (t) => checkCommand(m, t),
      fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: 1 },
      transient: true,
      step: /^read the release live in qa: /,
      env: "qa",
      rerun: (t) => () => checkCommand(m, t),
      check: true,
      snapshot: () => world.devOnCandidate,
    },
  ];
}

/** Registers the group: one test per transport and case. */
export function gateFaults(m: MigrationFixture, messages: string[]): void {
  const { fx, world } = m;
  const GATES = TRANSPORTS.flatMap((transport) => gateCases(m).map((c) => ({ id: `${transport} · ${c.label}`, transport, c }))).filter(
    (s) => FULL || s.c.default?.includes(s.transport),
  );

  describe("the migration gate under faults: it stops before any write", () => {
    it.each(GATES.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, c }) => {
      await verdict("migration-gate", id, async () => {
        await m.restore(c.snapshot());
        const before = await served(fx, c.env);
        const since = (await fx.calls()).length;
        if (c.fault) await fx.control("/_emulator/faults", c.fault);
        const error = await failure(c.run(transport));
        await fx.control("/_emulator/faults", undefined, "DELETE");
        if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
        if (c.transient) expect(error?.message, "a fault that happens once is retried").toBeUndefined();
        else {
          expect(error, "the run must fail").toBeDefined();
          expect((error as Error).message, "the error names the step").toMatch(c.step);
          expect(await writes(fx, since), "nothing written after the gate failed").toEqual([]);
          await expectUntouched(fx, c.env, before);
          expect(m.applied(c.env)).toEqual(c.snapshot() === world.devOnCandidate && c.env === "dev" ? MIGRATED : BASE);
          expect((await held(fx, c.env)).paused).toEqual([]);
        }
        if (c.check) {
          // The gate command writes nothing, ever; once Cloud Run answers it gives the decision of a clean run.
          const again = (await c.rerun(transport)()) as { outputs: Record<string, string> };
          expect(again.outputs.decision).toBe("allow");
          expect(await writes(fx, since)).toEqual([]);
          return;
        }
        if (error) await c.rerun(transport)();
        expect(m.applied(c.env)).toEqual(MIGRATED);
        await checkInvariants(fx, c.env, { root: world.root, rerun: c.rerun(transport), convergedRefusal: c.convergedRefusal });
      });
    });
  });
}
