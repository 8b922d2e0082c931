// Migration execution as an operation of the fault matrix: a dev deploy with the gate on (the
// Django fixture, a safe candidate migration, the migration job run through the emulator against a
// real PostgreSQL), with faults on the job's API calls (UpdateJob, RunJob) and on pausing the
// schedules around it (PauseJob). After each fault: a surfaced error names its step, traffic is
// untouched (the old revision serves 100%), no managed schedule is left paused, and once the
// faults are cleared a re-run succeeds and django_migrations holds the migration.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { publish } from "../../src/demo/images.js";
import type { Stage } from "../../src/demo/stage.js";
import { commandContext } from "../helpers/commands.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { CASES } from "../migrations/cases.js";
import { baseRepo, scenario, useDjango } from "../migrations/helpers.js";
import { record } from "./tally.js";

const fx = useEmulator();
const django = useDjango();
const NAME = `${PARENT}/services/web-dev`;

interface Fault {
  label: string;
  body: Record<string, unknown>;
  /** Happens once: the retry policy must absorb it and the deploy succeed. */
  transient?: boolean;
  /**
   * The job execution itself ran before the fault (the emulator fails the operation after the
   * execution): the schema may already be migrated, which is safe for an expand-only migration.
   */
  executed?: boolean;
  /** dev gets a second schedule, so a pause can fail after another one succeeded. */
  twoSchedules?: boolean;
  /** A known product defect leaves schedules paused after the failure: checked in its own `it.fails`. */
  leavesPaused?: boolean;
}

const SECOND = "dev-clearsessions-noon";

const FAULTS: Fault[] = [
  {
    label: "UpdateJob UNAVAILABLE once",
    body: { method: "google.cloud.run.v2.Jobs/UpdateJob", code: "UNAVAILABLE", times: 1 },
    transient: true,
  },
  { label: "UpdateJob UNAVAILABLE persistent", body: { method: "google.cloud.run.v2.Jobs/UpdateJob", code: "UNAVAILABLE", times: -1 } },
  { label: "RunJob UNAVAILABLE once", body: { method: "google.cloud.run.v2.Jobs/RunJob", code: "UNAVAILABLE", times: 1 }, transient: true },
  { label: "RunJob UNAVAILABLE persistent", body: { method: "google.cloud.run.v2.Jobs/RunJob", code: "UNAVAILABLE", times: -1 } },
  {
    label: "RunJob operation fails INTERNAL",
    body: { method: "google.cloud.run.v2.Jobs/RunJob", failOperation: "INTERNAL", times: 1 },
    executed: true,
  },
  {
    label: "PauseJob UNAVAILABLE persistent",
    body: { method: "google.cloud.scheduler.v1.CloudScheduler/PauseJob", code: "UNAVAILABLE", times: -1 },
  },
  {
    label: "PauseJob UNAVAILABLE persistent on the second of two schedules",
    body: {
      method: "google.cloud.scheduler.v1.CloudScheduler/PauseJob",
      code: "UNAVAILABLE",
      times: -1,
      resource: `${PARENT}/jobs/runway-dev-${SECOND}`,
    },
    twoSchedules: true,
    leavesPaused: true,
  },
];

function workspace(database: string, twoSchedules = false): string {
  const dir = mkdtempSync(join(tmpdir(), "runway-migfault-"));
  cpSync("environments", join(dir, "environments"), { recursive: true });
  const dev = join(dir, "environments", "dev.yaml");
  let yaml = readFileSync(dev, "utf8").replace(/^ {2}env:\n/m, `  env:\n    PGDATABASE: ${database}\n`);
  if (twoSchedules)
    yaml = yaml.replace(
      /^notify:/m,
      `  - name: ${SECOND}\n    cron: "0 12 * * *"\n    target:\n      batch: web-dev-clearsessions\n\nnotify:`,
    );
  writeFileSync(dev, yaml);
  return dir;
}

const stage = (repoDir: string): Stage => ({
  venv: django.venv,
  pg: django.pg,
  repo: { dir: repoDir, git: simpleGit(repoDir) },
  workspace: "",
  temp: mkdtempSync(join(tmpdir(), "runway-img-")),
  stop: async () => undefined,
});

const applied = (database: string) =>
  execFileSync(
    "psql",
    [
      django.pg.url.replace(/\/[^/]*$/, `/${database}`),
      "-Atc",
      "select app || '.' || name from django_migrations where app = 'shop' order by id",
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .filter(Boolean);

async function served() {
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  // Tagged 0% entries (the candidate's tag) are not served traffic.
  return { traffic: servedTraffic(service).filter((e) => e.percent > 0), ledger: readLedger(service) };
}

async function pausedSchedules(): Promise<string[]> {
  const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
  return jobs
    .filter((j) => String(j.name).split("/").pop()?.startsWith("runway-dev-") && (j.state === "PAUSED" || j.state === 2))
    .map((j) => String(j.name));
}

afterAll(() => {
  for (const category of ["migration-faults", "migration-faults/paused"]) {
    const { run, passed } = record.summary(category);
    console.log(`[reliability] ${category}: ${passed}/${run} passed`);
  }
  if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(messages.join("\n"));
});

let db = 0;
const messages: string[] = [];
const leftPaused = new Map<string, string[]>();

describe("migration execution under API faults (dev, gate on, real PostgreSQL)", () => {
  it.each(FAULTS.map((f) => [f.label, f] as const))("%s", { timeout: 120_000 }, async (label, fault) => {
    try {
      const database = `migfault_${++db}`;
      await django.pg.createDatabase(database);
      const root = workspace(database, fault.twoSchedules);
      const repo = baseRepo();
      const ctx = () => commandContext(fx.clients.grpc, { env: { PATH: process.env.PATH, DATABASE_URL: django.pg.url } });
      const deploy = async (dir: string, commit: string) => {
        const image = await publish(stage(dir), fx.emu, commit);
        return deployCommand(
          {
            environment: "dev",
            image,
            commit,
            dryRun: false,
            configDir: "environments",
            root,
            gate: { projectDir: dir, allow: [], python: django.venv.python },
          },
          ctx(),
        );
      };
      const first = await deploy(repo.dir, repo.base);
      expect(applied(database)).toEqual(["shop.0001_initial"]);
      const before = await served();
      expect(before.traffic).toEqual([expect.objectContaining({ revision: first.outputs.revision, percent: 100 })]);

      const safe = scenario(repo, CASES.safe);
      const image = await publish(stage(safe.dir), fx.emu, safe.candidate);
      const again = () =>
        deployCommand(
          {
            environment: "dev",
            image,
            commit: safe.candidate,
            dryRun: false,
            configDir: "environments",
            root,
            gate: { projectDir: safe.dir, allow: [], python: django.venv.python },
          },
          ctx(),
        );
      await fx.control("/_emulator/faults", fault.body);
      const error = await again().then(
        () => undefined,
        (e: Error) => e,
      );
      await fx.control("/_emulator/faults", undefined, "DELETE");

      if (fault.transient) {
        expect(error?.message, "a fault that happens once must be retried").toBeUndefined();
      } else {
        expect(error, "a persistent fault must fail the deploy").toBeDefined();
        expect(error?.message).toMatch(/failed at migrations|migration gate/);
        // Traffic untouched: the old revision still serves 100%, and it is still the healthy one.
        const after = await served();
        expect(after.traffic).toEqual(before.traffic);
        expect(after.ledger[first.outputs.revision as string]?.state).toBe("healthy");
        if (!fault.executed) expect(applied(database)).toEqual(["shop.0001_initial"]);
        messages.push(`${label}: ${error?.message.split("\n")[0]}`);
      }
      const paused = await pausedSchedules();
      record[paused.length === 0 ? "pass" : "fail"]("migration-faults/paused", label);
      if (fault.leavesPaused) leftPaused.set(label, paused);
      else expect(paused, "no managed schedule left paused").toEqual([]);

      // With the faults cleared, the same deploy completes (or finds itself done) and the migration is applied.
      if (error) await again();
      const done = await served();
      expect(done.traffic).toHaveLength(1);
      expect(done.traffic[0]?.percent).toBe(100);
      expect(done.traffic[0]?.revision).not.toBe(first.outputs.revision);
      expect(done.ledger[done.traffic[0]?.revision as string]?.state).toBe("healthy");
      expect(applied(database)).toEqual(["shop.0001_initial", "shop.0002_safe"]);
      expect(await pausedSchedules()).toEqual([]);
      record.pass("migration-faults", label);
    } catch (e) {
      record.fail("migration-faults", label);
      throw e;
    }
  });

  // BUG (src/core/migrate.ts, runMigrations; open): pauseManaged runs before the try/finally that
  // resumes, and the Scheduler apply goes on past a failed change. When pausing one schedule
  // fails after another was paused, the deploy fails "at migrations" (traffic untouched) but
  // resumeManaged never runs: runway-dev-dev-clearsessions-nightly stays PAUSED (marked
  // paused-by=runway) until some later run of the migration job resumes it.
  it("leaves no schedule paused when pausing the second of two fails", () => {
    expect(leftPaused.get("PauseJob UNAVAILABLE persistent on the second of two schedules")).toEqual([]);
  });
});
