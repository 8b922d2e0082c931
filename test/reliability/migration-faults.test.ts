// Migration execution as an operation of the fault matrix, over both transports, with real
// Django (the shared venv) migrating a real PostgreSQL through the emulator's migration job.
//
// One venv and one PostgreSQL for the file. The live state each scenario starts from is built
// once through Runway itself (dev on the base release, qa promoted from it, then dev on the
// candidate), snapshotted from the emulator's store and, for the databases, kept as template
// databases; every scenario restores both, so none pays for a baseline deploy.
//
// Three groups, each with its own figures:
//   execution — a dev deploy whose release carries a migration, with a fault on each call the
//               migration step makes (Cloud Run jobs and operations, the Scheduler pause and
//               resume), armed when that step begins (or, for the calls of the resume, when the
//               pause is done), so it hits exactly that call;
//   gate      — faults before and inside the migration gate (the service read the gate compares
//               with, a gate that errors, the gate command's own reads): nothing is written;
//   promote   — a promotion whose release carries a migration, with a migration that fails for
//               real and with faults on the migration job;
//   re-run while running — the polls of the job's operation fail, the execution goes on, and the
//               re-run must not start a second migration beside it.
// After each: an error names its step, traffic and the ledger are untouched in the target, no
// managed schedule is paused (or, after a persistent Scheduler outage during the resume, only
// the ones Runway marked, which the re-run resumes), and with the faults cleared a re-run applies
// the migration and converges (checkInvariants, whose third run writes nothing).
//
// The default run takes a subset that still covers both transports, every call kind, both codes
// and the pause and resume paths; RUNWAY_RELIABILITY_FULL=1 runs every combination.
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { jobState, readMarker } from "../../src/core/batch/marker.js";
import { readLedger } from "../../src/core/ledger.js";
import { MemoryLogger } from "../../src/core/runtime.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { publish } from "../../src/demo/images.js";
import type { Stage } from "../../src/demo/stage.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext } from "../helpers/commands.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { CASES } from "../migrations/cases.js";
import { baseRepo, type Scenario, scenario, tempDir, useDjango } from "../migrations/helpers.js";
import { checkInvariants } from "./invariants.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const django = useDjango();

const DB = { dev: "migfault_dev", qa: "migfault_qa" } as const;
type Env = keyof typeof DB;
const SERVICE = { dev: `${PARENT}/services/web-dev`, qa: `${PARENT}/services/web-qa` } as const;
const SECOND = "dev-clearsessions-noon";
const SCHEDULES = { dev: [`runway-dev-dev-clearsessions-nightly`, `runway-dev-${SECOND}`], qa: ["runway-qa-qa-clearsessions-nightly"] };
const JOB = (id: string) => `${PARENT}/jobs/${id}`;
const BASE = ["shop.0001_initial"];
const MIGRATED = ["shop.0001_initial", "shop.0002_safe"];

// ---------------------------------------------------------------------------------------------
// The shared live state.

interface World {
  root: string;
  repo: { dir: string; base: string };
  safe: Scenario;
  images: { base: string; safe: string };
  /** dev and qa live on the base release (0001 applied in both databases). */
  devOnBase: unknown;
  /** dev live on the candidate (0002 applied there), qa still on the base release. */
  devOnCandidate: unknown;
  /** The dev revision serving the base release, and qa's. */
  live: { dev: string; qa: string };
}
const world = {} as World;

function psql(database: string, ...commands: string[]): string {
  const url = database ? django.pg.url.replace(/\/[^/]*$/, `/${database}`) : django.pg.url;
  return execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-Atq", ...commands.flatMap((c) => ["-c", c])], { encoding: "utf8" }).trim();
}

const applied = (env: Env) =>
  psql(DB[env], "select app || '.' || name from django_migrations where app = 'shop' order by id").split("\n").filter(Boolean);

/** The databases back to what the snapshot's releases applied (0001). */
function resetDatabases(): void {
  psql(
    "",
    ...Object.values(DB).flatMap((db) => [`drop database if exists ${db} with (force)`, `create database ${db} template ${db}_tpl`]),
  );
}

/** The emulator back to a snapshot (a deep copy: the store keeps its objects and mutates them). */
async function restore(snapshot: unknown): Promise<void> {
  await fx.emu.reset();
  fx.emu.store.load(structuredClone(snapshot) as never);
  resetDatabases();
}

function makeWorkspace(): string {
  const dir = tempDir("runway-migfault-");
  cpSync("environments", join(dir, "environments"), { recursive: true });
  const edit = (env: Env, change: (yaml: string) => string) => {
    const file = join(dir, "environments", `${env}.yaml`);
    writeFileSync(file, change(readFileSync(file, "utf8").replace(/^ {2}env:\n/m, `  env:\n    PGDATABASE: ${DB[env]}\n`)));
  };
  // dev gets a second schedule, so a pause or a resume can fail after another one succeeded.
  edit("dev", (yaml) =>
    yaml.replace(/^notify:/m, `  - name: ${SECOND}\n    cron: "0 12 * * *"\n    target:\n      batch: web-dev-clearsessions\n\nnotify:`),
  );
  edit("qa", (yaml) => yaml);
  return dir;
}

const stage = (repoDir: string): Stage => ({
  venv: django.venv,
  pg: django.pg,
  repo: { dir: repoDir, git: simpleGit(repoDir) },
  workspace: "",
  temp: tempDir("runway-img-"),
  stop: async () => undefined,
});

/** A logger that, on entering or leaving a named log group, injects a fault: so a fault hits the call it means, not an earlier one of the same method. */
class ArmingLogger extends MemoryLogger {
  readonly events: { event: string; calls: number }[] = [];
  constructor(
    private arm?: { at: string; fault: Record<string, unknown> },
    private readonly trace = false,
  ) {
    super();
  }
  private async mark(event: string) {
    if (this.trace) this.events.push({ event, calls: (await fx.calls()).length });
    if (this.arm?.at === event) {
      await fx.control("/_emulator/faults", this.arm.fault);
      this.arm = undefined;
    }
  }
  override async group<T>(title: string, run: () => Promise<T>): Promise<T> {
    await super.group(title, async () => undefined);
    await this.mark(`enter ${title}`);
    try {
      return await run();
    } finally {
      await this.mark(`exit ${title}`);
    }
  }
}

type Logged = { logger?: MemoryLogger; python?: string; databaseUrl?: string; sql?: boolean };
const context = (transport: Transport, o: Logged = {}) =>
  commandContext(fx.clients[transport], {
    ...(o.logger ? { logger: o.logger } : {}),
    env: { PATH: process.env.PATH, DATABASE_URL: o.databaseUrl ?? django.pg.url },
  });

const gateFor = (dir: string, o: Logged) => ({ projectDir: dir, allow: [], python: o.python ?? django.venv.python, sql: o.sql });

function deployDev(transport: Transport, release: "base" | "safe", o: Logged = {}) {
  const s = release === "base" ? { dir: world.repo.dir, commit: world.repo.base } : { dir: world.safe.dir, commit: world.safe.candidate };
  return deployCommand(
    {
      environment: "dev",
      image: world.images[release],
      commit: s.commit,
      dryRun: false,
      configDir: "environments",
      root: world.root,
      gate: gateFor(s.dir, o),
    },
    context(transport, o),
  );
}

function promoteQa(transport: Transport, dir: string, o: Logged = {}) {
  return promoteCommand(
    { to: "qa", dryRun: false, configDir: "environments", root: world.root, gate: gateFor(dir, o) },
    context(transport, o),
  );
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

beforeAll(async () => {
  for (const db of Object.values(DB)) await django.pg.createDatabase(db);
  world.root = makeWorkspace();
  world.repo = baseRepo();
  world.safe = scenario(world.repo, CASES.safe);
  world.images = {
    base: await publish(stage(world.repo.dir), fx.emu, world.repo.base),
    safe: await publish(stage(world.safe.dir), fx.emu, world.safe.candidate),
  };
  const dev = await deployDev("grpc", "base");
  const qa = await promoteQa("grpc", world.repo.dir);
  world.live = { dev: dev.outputs.revision as string, qa: qa.outputs.revision as string };
  expect([applied("dev"), applied("qa")]).toEqual([BASE, BASE]);
  for (const db of Object.values(DB)) psql("", `create database ${db}_tpl template ${db}`);
  world.devOnBase = structuredClone(fx.emu.store.toJSON());
  await deployDev("grpc", "safe");
  expect(applied("dev")).toEqual(MIGRATED);
  world.devOnCandidate = structuredClone(fx.emu.store.toJSON());
}, 180_000);

// ---------------------------------------------------------------------------------------------
// Checks shared by the groups.

async function served(env: Env) {
  const [service] = await fx.clients.grpc.services.getService({ name: SERVICE[env] });
  // Tagged 0% entries (the candidate's tag) are not served traffic.
  return { traffic: servedTraffic(service).filter((e) => e.percent > 0), ledger: readLedger(service) };
}

/** Managed schedules of env that are PAUSED, or still carry Runway's paused-by mark. */
async function held(env: Env): Promise<{ paused: string[]; marked: string[] }> {
  const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
  const mine = jobs.filter((j) => SCHEDULES[env].includes(String(j.name).split("/").pop() as string));
  expect(mine.map((j) => String(j.name).split("/").pop()).sort(), `${env}: a managed schedule was lost`).toEqual(
    [...SCHEDULES[env]].sort(),
  );
  return {
    paused: mine.filter((j) => jobState(j) === "PAUSED").map((j) => String(j.name).split("/").pop() as string),
    marked: mine.filter((j) => readMarker(j.description)?.held === true).map((j) => String(j.name).split("/").pop() as string),
  };
}

/** Right after a failure: the target serves exactly what it served, on the revision recorded healthy, and nothing it serves is recorded otherwise. */
async function expectUntouched(env: Env, before: Awaited<ReturnType<typeof served>>): Promise<void> {
  const after = await served(env);
  expect(after.traffic, `${env}: traffic moved`).toEqual(before.traffic);
  for (const entry of after.traffic)
    expect(after.ledger[entry.revision]?.state, `${env}: ${entry.revision} serves but is not healthy`).toBe("healthy");
  for (const [revision, entry] of Object.entries(before.ledger))
    expect(after.ledger[revision]?.state, `${env}: ledger entry of ${revision}`).toBe(entry.state);
}

/** The error says where it stopped. */
function namesStep(error: Error, step: RegExp): boolean {
  return step.test(error.message);
}

const messages: string[] = [];
const CATEGORIES = [
  "migration-faults/state",
  "migration-faults/untouched",
  "migration-faults/step",
  "migration-faults/retry",
  "migration-faults/paused",
  "migration-gate",
  "migration-promote",
  "migration-faults/rerun-while-running",
];

afterAll(() => {
  for (const category of CATEGORIES) {
    const { run, passed, failed } = record.summary(category);
    if (run) console.log(`[reliability] ${category}: ${passed}/${run} passed`);
    if (failed.length) console.log(`  failed: ${failed.join("; ")}`);
  }
  if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(messages.join("\n"));
});

/** Runs a verdict: counted, and failing the test when it fails. */
async function verdict(category: string, id: string, check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
    record.pass(category, id);
  } catch (error) {
    record.fail(category, id);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Execution: a fault on each call of the migration step.

/** The calls of the migration step, in order, each with where its fault is armed. */
interface Target {
  label: string;
  method: string;
  resource?: string;
  /** The log group event after which this call is the first of its method (and resource). */
  at: string;
  /** The call starts a long-running operation, which can itself fail. */
  lro?: boolean;
  /** The call belongs to the resume after the job: a persistent outage there can leave schedules paused until a re-run. */
  resume?: boolean;
  /** The job has run (the migration is applied) when this call fails. */
  afterRun?: boolean;
  /** What the error must say failed, beyond the step: the part of the migration step. */
  names: RegExp;
}

const RUN = "google.cloud.run.v2.Jobs/";
const OPS = "google.longrunning.Operations/GetOperation";
const SCHED = "google.cloud.scheduler.v1.CloudScheduler/";
const START = "enter migrations";
const [NIGHTLY, NOON] = SCHEDULES.dev.map((id) => `${PARENT}/jobs/${id}`) as [string, string];

const TARGETS: Target[] = [
  {
    label: "GetJob (migration job)",
    method: `${RUN}GetJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    names: /sync the migration job web-dev-migrate: /,
  },
  {
    label: "UpdateJob (migration job)",
    method: `${RUN}UpdateJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    lro: true,
    names: /sync the migration job web-dev-migrate: /,
  },
  { label: "ListJobs (pause)", method: `${SCHED}ListJobs`, at: START, names: /pause the schedules: / },
  { label: "UpdateJob mark (nightly)", method: `${SCHED}UpdateJob`, resource: NIGHTLY, at: START, names: /pause the schedules: / },
  { label: "UpdateJob mark (noon)", method: `${SCHED}UpdateJob`, resource: NOON, at: START, names: /pause the schedules: / },
  { label: "PauseJob (nightly)", method: `${SCHED}PauseJob`, resource: NIGHTLY, at: START, names: /pause the schedules: / },
  { label: "PauseJob (noon)", method: `${SCHED}PauseJob`, resource: NOON, at: START, names: /pause the schedules: / },
  {
    label: "GetJob (none still running)",
    method: `${RUN}GetJob`,
    resource: JOB("web-dev-migrate"),
    at: "exit scheduler pause",
    names: /run the migration job web-dev-migrate: /,
  },
  {
    label: "RunJob",
    method: `${RUN}RunJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    lro: true,
    names: /run the migration job web-dev-migrate: /,
  },
  { label: "GetOperation (RunJob)", method: OPS, at: START, afterRun: true, names: /run the migration job web-dev-migrate: / },
  {
    label: "ListJobs (resume)",
    method: `${SCHED}ListJobs`,
    at: "exit scheduler pause",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "ResumeJob (nightly)",
    method: `${SCHED}ResumeJob`,
    resource: NIGHTLY,
    at: START,
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "ResumeJob (noon)",
    method: `${SCHED}ResumeJob`,
    resource: NOON,
    at: START,
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "UpdateJob unmark (nightly)",
    method: `${SCHED}UpdateJob`,
    resource: NIGHTLY,
    at: "enter scheduler resume",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "UpdateJob unmark (noon)",
    method: `${SCHED}UpdateJob`,
    resource: NOON,
    at: "enter scheduler resume",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
];

interface Fault {
  label: string;
  body: (t: Target) => Record<string, unknown>;
  transient?: boolean;
  onlyLro?: boolean;
}

const FAULTS: Fault[] = [
  { label: "UNAVAILABLE once", body: (t) => ({ method: t.method, resource: t.resource, code: "UNAVAILABLE", times: 1 }), transient: true },
  { label: "UNAVAILABLE persistent", body: (t) => ({ method: t.method, resource: t.resource, code: "UNAVAILABLE", times: -1 }) },
  {
    label: "DEADLINE_EXCEEDED once",
    body: (t) => ({ method: t.method, resource: t.resource, code: "DEADLINE_EXCEEDED", times: 1 }),
    transient: true,
  },
  {
    label: "DEADLINE_EXCEEDED persistent",
    body: (t) => ({ method: t.method, resource: t.resource, code: "DEADLINE_EXCEEDED", times: -1 }),
  },
  {
    label: "operation fails INTERNAL",
    body: (t) => ({ method: t.method, resource: t.resource, failOperation: "INTERNAL", times: 1 }),
    onlyLro: true,
  },
];

/** The default run: every call kind, both codes, once and persistent, pause and resume paths, split over the two transports. */
const DEFAULT_EXECUTION = new Set([
  "grpc · GetOperation (RunJob) · UNAVAILABLE once",
  "grpc · RunJob · DEADLINE_EXCEEDED persistent",
  "grpc · PauseJob (noon) · UNAVAILABLE persistent",
  "grpc · ResumeJob (noon) · UNAVAILABLE persistent",
  "rest · GetJob (migration job) · DEADLINE_EXCEEDED once",
  "rest · RunJob · operation fails INTERNAL",
  "rest · ResumeJob (nightly) · DEADLINE_EXCEEDED persistent",
]);

const EXECUTION = TRANSPORTS.flatMap((transport) =>
  TARGETS.flatMap((target) =>
    FAULTS.filter((f) => !f.onlyLro || target.lro).map((fault) => ({
      id: `${transport} · ${target.label} · ${fault.label}`,
      transport,
      target,
      fault,
    })),
  ),
).filter((s) => FULL || DEFAULT_EXECUTION.has(s.id));

describe("migration execution under API faults (dev deploy, gate on, real PostgreSQL)", () => {
  // The targets are the migration step's calls as a clean run makes them: a new call, or a
  // changed order that would make a fault hit another call than meant, fails here.
  it.each(FULL ? TRANSPORTS : (["grpc"] as Transport[]))(
    "the targets are exactly the calls of the migration step over %s",
    { timeout: 60_000 },
    async (transport) => {
      await restore(world.devOnBase);
      const logger = new ArmingLogger(undefined, true);
      await deployDev(transport, "safe", { logger, sql: false });
      const calls = await fx.calls();
      const index = (event: string) => logger.events.find((e) => e.event === event)?.calls as number;
      const [from, to] = [index("enter migrations"), index("exit migrations")];
      const matches = (c: { method: string; resource?: string }, t: Target) =>
        c.method === t.method && (t.resource === undefined || c.resource === t.resource);
      const hit = TARGETS.map((t) => {
        const k = calls.slice(index(t.at)).findIndex((c) => matches(c, t));
        return k < 0 ? -1 : index(t.at) + k;
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
      expect(applied("dev")).toEqual(MIGRATED);
    },
  );

  it.each(EXECUTION.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, target, fault }) => {
    await restore(world.devOnBase);
    const before = await served("dev");
    const logger = new ArmingLogger({ at: target.at, fault: fault.body(target) });
    const since = (await fx.calls()).length;
    const error = await failure(deployDev(transport, "safe", { logger, sql: false }));
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
        await expectUntouched("dev", before);
        // Before the job ran, the database is as it was.
        const executed = target.afterRun || (fault.onlyLro && target.method.endsWith("RunJob"));
        if (!executed) expect(applied("dev")).toEqual(BASE);
      });
    }
    await verdict("migration-faults/paused", id, async () => {
      const now = await held("dev");
      // Only a persistent outage of Scheduler during the resume can leave a schedule paused, and
      // then only one Runway marked, which the re-run resumes.
      if (!(error && target.resume && !fault.transient)) expect(now.paused, "paused after the failure").toEqual([]);
      for (const id of now.paused) expect(now.marked, `${id} paused without Runway's mark: no re-run would resume it`).toContain(id);
    });
    await verdict("migration-faults/state", id, async () => {
      // With the faults cleared, the same deploy completes and the migration is applied.
      if (error) await deployDev(transport, "safe", { sql: false });
      const done = await served("dev");
      expect(done.traffic).toHaveLength(1);
      expect(done.traffic[0]?.revision).not.toBe(world.live.dev);
      expect(applied("dev")).toEqual(MIGRATED);
      expect(await held("dev"), "no schedule paused or marked after the re-run").toEqual({ paused: [], marked: [] });
      await checkInvariants(fx, "dev", { root: world.root, rerun: () => deployDev(transport, "safe", { sql: false }) });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The gate: nothing it (or the read before it) fails on may be followed by a write.

const writes = async (since: number) =>
  (await fx.calls())
    .slice(since)
    .filter((c) => c.mutating)
    .map((c) => `${c.method} ${c.resource ?? ""}`);

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
const checkCommand = (transport: Transport, o: Logged = {}) =>
  migrationsCheckCommand(
    {
      environment: "qa",
      candidate: world.safe.candidate,
      projectDir: world.safe.dir,
      configDir: "environments",
      root: world.root,
      allow: [],
      python: o.python ?? django.venv.python,
    },
    context(transport, o),
  );

const GATE: GateCase[] = [
  {
    label: "deploy: GetService UNAVAILABLE persistent (the read the gate compares with)",
    run: (t) => deployDev(t, "safe"),
    fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: -1 },
    step: /failed at read service|read service/,
    env: "dev",
    rerun: (t) => () => deployDev(t, "safe"),
    snapshot: () => world.devOnBase,
    default: ["rest"],
  },
  {
    label: "deploy: GetService DEADLINE_EXCEEDED persistent",
    run: (t) => deployDev(t, "safe"),
    fault: { method: "google.cloud.run.v2.Services/GetService", code: "DEADLINE_EXCEEDED", times: -1 },
    step: /read service/,
    env: "dev",
    rerun: (t) => () => deployDev(t, "safe"),
    snapshot: () => world.devOnBase,
  },
  {
    label: "deploy: GetService DEADLINE_EXCEEDED once",
    run: (t) => deployDev(t, "safe"),
    fault: { method: "google.cloud.run.v2.Services/GetService", code: "DEADLINE_EXCEEDED", times: 1 },
    transient: true,
    step: /read service/,
    env: "dev",
    rerun: (t) => () => deployDev(t, "safe"),
    snapshot: () => world.devOnBase,
  },
  {
    label: "deploy: the gate errors (its Python cannot start)",
    run: (t) => deployDev(t, "safe", { python: BROKEN_PYTHON }),
    step: /^migration gate: |failed at migration gate/,
    env: "dev",
    rerun: (t) => () => deployDev(t, "safe"),
    snapshot: () => world.devOnBase,
    default: ["grpc"],
  },
  {
    label: "promote: the gate errors (its Python cannot start)",
    run: (t) => promoteQa(t, world.safe.dir, { python: BROKEN_PYTHON }),
    step: /^migration gate: |failed at migration gate/,
    env: "qa",
    rerun: (t) => () => promoteQa(t, world.safe.dir),
    convergedRefusal: /already live in qa/,
    snapshot: () => world.devOnCandidate,
  },
  {
    label: "deploy: the gate's SQL pass cannot reach PostgreSQL",
    run: (t) => deployDev(t, "safe", { databaseUrl: "postgresql://runway@127.0.0.1:9/nowhere" }),
    step: /^migration gate: |failed at migration gate/,
    env: "dev",
    rerun: (t) => () => deployDev(t, "safe"),
    snapshot: () => world.devOnBase,
  },
  {
    label: "gate command: GetService UNAVAILABLE persistent (reading the live commit)",
    run: (t) => checkCommand(t),
    fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: -1 },
    step: /^read the release live in qa: /,
    env: "qa",
    rerun: (t) => () => checkCommand(t),
    check: true,
    snapshot: () => world.devOnCandidate,
    default: ["grpc"],
  },
  {
    label: "gate command: GetRevision DEADLINE_EXCEEDED persistent (reading the live commit)",
    run: (t) => checkCommand(t),
    fault: { method: "google.cloud.run.v2.Revisions/GetRevision", code: "DEADLINE_EXCEEDED", times: -1 },
    step: /^read the release live in qa: /,
    env: "qa",
    rerun: (t) => () => checkCommand(t),
    check: true,
    snapshot: () => world.devOnCandidate,
    default: ["rest"],
  },
  {
    label: "gate command: GetService UNAVAILABLE once",
    run: (t) => checkCommand(t),
    fault: { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: 1 },
    transient: true,
    step: /^read the release live in qa: /,
    env: "qa",
    rerun: (t) => () => checkCommand(t),
    check: true,
    snapshot: () => world.devOnCandidate,
  },
];

const GATES = TRANSPORTS.flatMap((transport) => GATE.map((c) => ({ id: `${transport} · ${c.label}`, transport, c }))).filter(
  (s) => FULL || s.c.default?.includes(s.transport),
);

describe("the migration gate under faults: it stops before any write", () => {
  it.each(GATES.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, c }) => {
    await verdict("migration-gate", id, async () => {
      await restore(c.snapshot());
      const before = await served(c.env);
      const since = (await fx.calls()).length;
      if (c.fault) await fx.control("/_emulator/faults", c.fault);
      const error = await failure(c.run(transport));
      await fx.control("/_emulator/faults", undefined, "DELETE");
      if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
      if (c.transient) expect(error?.message, "a fault that happens once is retried").toBeUndefined();
      else {
        expect(error, "the run must fail").toBeDefined();
        expect((error as Error).message, "the error names the step").toMatch(c.step);
        expect(await writes(since), "nothing written after the gate failed").toEqual([]);
        await expectUntouched(c.env, before);
        expect(applied(c.env)).toEqual(c.snapshot() === world.devOnCandidate && c.env === "dev" ? MIGRATED : BASE);
        expect((await held(c.env)).paused).toEqual([]);
      }
      if (c.check) {
        // The gate command writes nothing, ever; once Cloud Run answers it gives the decision of a clean run.
        const again = (await c.rerun(transport)()) as { outputs: Record<string, string> };
        expect(again.outputs.decision).toBe("allow");
        expect(await writes(since)).toEqual([]);
        return;
      }
      if (error) await c.rerun(transport)();
      expect(applied(c.env)).toEqual(MIGRATED);
      await checkInvariants(fx, c.env, { root: world.root, rerun: c.rerun(transport), convergedRefusal: c.convergedRefusal });
    });
  });
});

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

describe("promote with migrations under faults (dev → qa, real PostgreSQL)", () => {
  it.each(PROMOTES.map((s) => [s.id, s] as const))("%s", { timeout: 120_000 }, async (id, { transport, c }) => {
    await verdict("migration-promote", id, async () => {
      await restore(world.devOnCandidate);
      if (c.breakDb) psql(DB.qa, c.breakDb);
      const before = { qa: await served("qa"), dev: await served("dev") };
      const error = await failure(promoteQa(transport, world.safe.dir, { logger: new ArmingLogger(c.arm) }));
      await fx.control("/_emulator/faults", undefined, "DELETE");
      if (error) messages.push(`${id}: ${error.message.split("\n")[0]}`);
      if (c.transient) expect(error?.message, "a fault that happens once is retried").toBeUndefined();
      else {
        expect(error, "the promotion must fail").toBeDefined();
        expect((error as Error).message).toMatch(
          /promotion to qa failed at migrations: (sync the migration job web-qa-migrate|run the migration job web-qa-migrate|resume the schedules after the migration job ran): /,
        );
        // qa serves what it served, its ledger says so, dev is untouched, and nothing half-applied stays.
        await expectUntouched("qa", before.qa);
        await expectUntouched("dev", before.dev);
        if (!c.executed) expect(applied("qa")).toEqual(BASE);
        expect((await held("dev")).paused).toEqual([]);
        const qa = await held("qa");
        for (const job of qa.paused) expect(qa.marked).toContain(job);
        if (!c.arm?.fault.method?.toString().endsWith("ResumeJob")) expect(qa.paused).toEqual([]);
        if (c.fix) psql(DB.qa, c.fix);
        // With the cause gone, the same promotion applies the migration and goes live.
        const again = await promoteQa(transport, world.safe.dir);
        expect(again.outputs["release-id"]).toBeTruthy();
      }
      const done = await served("qa");
      expect(done.traffic).toHaveLength(1);
      expect(done.traffic[0]?.revision).not.toBe(world.live.qa);
      expect(applied("qa")).toEqual(MIGRATED);
      expect(await held("qa")).toEqual({ paused: [], marked: [] });
      await checkInvariants(fx, "qa", {
        root: world.root,
        rerun: () => promoteQa(transport, world.safe.dir),
        convergedRefusal: /already live in qa/,
      });
      await checkInvariants(fx, "dev", { root: world.root });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// A re-run while the migration job of the failed run is still running: the polls of its
// operation failed (Cloud Run did not answer), but the execution goes on. The re-run must not
// start a second migration beside it.

describe("a re-run while the failed run's migration job is still running", () => {
  it("does not start a second execution of the migration job beside the first", { timeout: 120_000 }, () =>
    verdict("migration-faults/rerun-while-running", "grpc · GetOperation persistent, then an immediate re-run", async () => {
      await restore(world.devOnBase);
      const migration = readFileSync(join(world.safe.dir, "shop/migrations/0002_safe.py"), "utf8").replace(
        "    operations = [\n",
        '    operations = [\n        migrations.RunSQL("select pg_sleep(2)", reverse_sql=migrations.RunSQL.noop),\n',
      );
      const slow = scenario(world.repo, { ...CASES.safe, "shop/migrations/0002_safe.py": migration });
      const image = await publish(stage(slow.dir), fx.emu, slow.candidate);
      const deploy = (logger?: MemoryLogger) =>
        deployCommand(
          {
            environment: "dev",
            image,
            commit: slow.candidate,
            dryRun: false,
            configDir: "environments",
            root: world.root,
            gate: { ...gateFor(slow.dir, { sql: false }), allow: ["RW302", "RW290", "locking", "irreversible"] },
          },
          context("grpc", { logger }),
        );
      const executions = async () => {
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
      };
      const before = (await executions()).length;
      const error = await failure(deploy(new ArmingLogger({ at: START, fault: { method: OPS, code: "UNAVAILABLE", times: -1 } })));
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
      expect((await held("dev")).paused).toEqual([]);
      // Once it has finished, a re-run converges.
      for (let i = 0; i < 200 && (await executions()).some((e) => e.running); i++) await new Promise((r) => setTimeout(r, 50));
      await deploy();
      expect(applied("dev")).toEqual(MIGRATED);
      await checkInvariants(fx, "dev", { root: world.root, rerun: () => deploy() });
      const all = (await executions()).slice(before);
      // Never two executions of the migration job at once: each one starts after the one before it completed.
      for (const [i, e] of all.entries())
        if (i > 0) expect(e.created >= (all[i - 1]?.completed ?? "~"), `executions overlap: ${JSON.stringify(all)}`).toBe(true);
    }),
  );
});
