// The live state the migration SIGKILL sweeps start from (kill-migrate.test.ts,
// kill-migrate-back.test.ts), with real Django (the shared venv) migrating a real PostgreSQL
// through the emulator's migration job.
//
// One venv, one PostgreSQL and one emulator per test file. The swept environment (dev, or qa for
// a promotion) is brought to its starting point once, in-process, and kept as a snapshot of the
// emulator's store and a template database; every kill point restores both. The candidate of
// the deploy and promote sweeps carries 0002, made slow with a pg_sleep, so a kill after RunJob
// leaves an execution still running that the re-run meets; the migrate-back sweep's candidate
// drops a column.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { jobState, readMarker } from "../../src/core/batch/marker.js";
import { publish } from "../../src/demo/images.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext } from "../helpers/commands.js";
import { psqlAt } from "./migration-fixture.js";
import { type EmulatorFixture, PARENT } from "../helpers/emulator.js";
import { CASES } from "../migrations/cases.js";
import { baseRepo, type Scenario, scenario, stageIn, tempDir, type useDjango } from "../migrations/helpers.js";

export type SweptEnv = "dev" | "qa";
/** The swept environment's service, migration job and managed schedules (two, so a kill can land between the two pauses or the two resumes). */
export const namesOf = (env: SweptEnv) => ({
  /** The swept environment's database (restored at every kill point); the other environment gets `<db>_other`, never restored. */
  db: `migkill_${env}`,
  service: `${PARENT}/services/web-${env}`,
  job: `${PARENT}/jobs/web-${env}-migrate`,
  schedules: [`runway-${env}-${env}-clearsessions-nightly`, `runway-${env}-${env}-clearsessions-noon`],
});
export const BASE = ["shop.0001_initial"];
export const MIGRATED = ["shop.0001_initial", "shop.0002_safe"];
/** The schema of the migrate-back sweep's live release: a column dropped. */
export const CONTRACTED = ["shop.0001_initial", "shop.0002_drop_quantity"];
/** How long the candidate's migration holds its execution (seconds). */
const SLEEP_S = 4;
/** The gate's findings on the slow migration (the RunSQL), approved as a team would. */
export const ALLOW = ["RW302", "RW290", "locking", "irreversible"];

export interface Execution {
  name: string;
  created: string;
  completed?: string;
  running: boolean;
}

const time = (t: unknown) =>
  t
    ? new Date(
        Number(String((t as { seconds: unknown }).seconds)) * 1000 + Number((t as { nanos?: number }).nanos ?? 0) / 1e6,
      ).toISOString()
    : undefined;

export class MigrateWorld {
  root = "";
  repo = {} as { dir: string; base: string };
  candidate = {} as Scenario;
  images = {} as { base: string; candidate: string };
  /** dev live on the base release. */
  private snapshot: unknown;
  /** The dev revision serving the base release. */
  live = "";

  readonly names: ReturnType<typeof namesOf>;

  /** `env` is the environment swept: dev (a deploy, a rollback) or qa (a promotion from dev). */
  constructor(
    readonly fx: EmulatorFixture,
    readonly django: ReturnType<typeof useDjango>,
    readonly env: SweptEnv = "dev",
  ) {
    this.names = namesOf(env);
  }

  psql(database: string, ...commands: string[]): string {
    return psqlAt(this.django.pg.url, database, ...commands);
  }

  /** The shop migrations recorded in django_migrations, in order, one line per row (a duplicate shows twice). */
  applied(): string[] {
    return this.psql(this.names.db, "select app || '.' || name from django_migrations where app = 'shop' order by id")
      .split("\n")
      .filter(Boolean);
  }

  /** The emulator and the database back to dev on the base release. */
  async restore(): Promise<void> {
    await this.fx.emu.reset();
    this.fx.emu.store.load(structuredClone(this.snapshot) as never);
    const { db } = this.names;
    this.psql("", `drop database if exists ${db} with (force)`, `create database ${db} template ${db}_tpl`);
  }

  private stage(repoDir: string) {
    return stageIn(this.django, repoDir);
  }

  /** The environment a runner gives the action: DATABASE_URL is the scratch server of the gate's SQL pass. */
  runnerEnv(): Record<string, string> {
    return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: this.django.pg.url };
  }

  /** Where a release's code is, for the gate (without its SQL pass, for time). */
  private gate(release: "base" | "candidate") {
    const dir = release === "base" ? this.repo.dir : this.candidate.dir;
    return { projectDir: dir, allow: ALLOW, python: this.django.venv.python, sql: false };
  }

  /** The deploy of the candidate (or the base release) to dev, in-process, over transport: what the dev sweep's re-runs run. */
  deploy(transport: Transport, release: "base" | "candidate" = "candidate") {
    const commit = release === "base" ? this.repo.base : this.candidate.candidate;
    const input = {
      environment: "dev",
      image: this.images[release],
      commit,
      dryRun: false,
      configDir: "environments",
      root: this.root,
      gate: this.gate(release),
    };
    return deployCommand(input, commandContext(this.fx.clients[transport], { env: this.runnerEnv() }));
  }

  /** The promotion of what dev runs to qa, in-process: what the qa sweep's re-runs run. */
  promote(transport: Transport, release: "base" | "candidate" = "candidate") {
    const input = { to: "qa", dryRun: false, configDir: "environments", root: this.root, gate: this.gate(release) };
    return promoteCommand(input, commandContext(this.fx.clients[transport], { env: this.runnerEnv() }));
  }

  /** What the swept operation's re-run runs: the dev deploy, or the promotion to qa. */
  rerun(transport: Transport) {
    return this.env === "qa" ? this.promote(transport) : this.deploy(transport);
  }

  /** The swept action (deploy to dev, or promote to qa) and its inputs for the candidate, as a workflow would give them. */
  action(): { name: string; inputs: Record<string, string> } {
    const common = {
      "config-dir": "environments",
      "project-dir": this.candidate.dir,
      allow: ALLOW.join(","),
      python: this.django.venv.python,
      "github-token": "",
    };
    if (this.env === "qa") return { name: "promote", inputs: { environment: "qa", ...common } };
    return { name: "deploy", inputs: { environment: "dev", image: this.images.candidate, commit: this.candidate.candidate, ...common } };
  }

  /** The migration job's executions, oldest first. */
  async executions(): Promise<Execution[]> {
    const [list] = await this.fx.clients.grpc.executions.listExecutions({ parent: this.names.job });
    return list
      .map((e) => ({
        name: String(e.name).split("/").pop() as string,
        created: time(e.createTime) as string,
        completed: time(e.completionTime),
        running: !e.completionTime,
      }))
      .sort((a, b) => a.created.localeCompare(b.created));
  }

  /** Waits until no execution of the migration job is running. */
  async settle(): Promise<void> {
    await expect.poll(async () => (await this.executions()).some((e) => e.running), { timeout: 60_000, interval: 100 }).toBe(false);
  }

  /** The swept environment's managed schedules that are PAUSED, or still carry Runway's paused-by mark; fails when one is lost. */
  async held(): Promise<{ paused: string[]; marked: string[] }> {
    const [jobs] = await this.fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
    const { schedules } = this.names;
    const mine = jobs.filter((j) => schedules.includes(String(j.name).split("/").pop() as string));
    expect(mine.map((j) => String(j.name).split("/").pop()).sort(), "a managed schedule was lost").toEqual([...schedules].sort());
    return {
      paused: mine.filter((j) => jobState(j) === "PAUSED").map((j) => String(j.name).split("/").pop() as string),
      marked: mine.filter((j) => readMarker(j.description)?.held === true).map((j) => String(j.name).split("/").pop() as string),
    };
  }

  /**
   * Builds the live state once through Runway, and keeps it as a snapshot and a template
   * database: the base release live (in dev, or promoted to qa); for qa, dev already on the
   * candidate, so the promotion carries its migration.
   */
  async build(): Promise<void> {
    await this.prepare();
    const safe = Object.entries(CASES.safe);
    const [file, migration] = safe.find(([path]) => path.endsWith("0002_safe.py")) as [string, string];
    const slow = migration.replace(
      "    operations = [\n",
      `    operations = [\n        migrations.RunSQL("select pg_sleep(${SLEEP_S})", reverse_sql=migrations.RunSQL.noop),\n`,
    );
    expect(slow, "the pg_sleep went into 0002").not.toBe(migration);
    this.candidate = scenario(this.repo, { ...CASES.safe, [file]: slow });
    this.images.candidate = await publish(this.stage(this.candidate.dir), this.fx.emu, this.candidate.candidate);
    if (this.env === "qa") {
      this.live = (await this.promote("grpc", "base")).outputs.revision as string;
      expect(this.applied()).toEqual(BASE);
      await this.deploy("grpc");
    }
    this.keep();
  }

  /**
   * The live state of the migrate-back sweep: dev on a release that dropped a column (applied),
   * the base release before it. Rolling back to it needs migrate-back.
   */
  async buildContract(): Promise<void> {
    await this.prepare();
    this.candidate = scenario(this.repo, CASES.dropColumn);
    this.images.candidate = await publish(this.stage(this.candidate.dir), this.fx.emu, this.candidate.candidate);
    await this.deploy("grpc");
    expect(this.applied()).toEqual(CONTRACTED);
    this.keep();
  }

  /** The databases, the workspace, the repository, and dev live on its base release. */
  private async prepare(): Promise<void> {
    // Another world of the same file may have left its releases (of another repository) in the emulator.
    await this.fx.emu.reset();
    for (const db of [this.names.db, `${this.names.db}_other`]) await this.django.pg.createDatabase(db);
    this.root = makeWorkspace(this.env, this.names.db);
    this.repo = baseRepo();
    this.images.base = await publish(this.stage(this.repo.dir), this.fx.emu, this.repo.base);
    this.live = (await this.deploy("grpc", "base")).outputs.revision as string;
    if (this.env === "dev") expect(this.applied()).toEqual(BASE);
  }

  /** What every kill point restores: the database as a template, the emulator's store as a snapshot. */
  private keep(): void {
    this.psql("", `create database ${this.names.db}_tpl template ${this.names.db}`);
    this.snapshot = structuredClone(this.fx.emu.store.toJSON());
  }

  /** The rollback of dev to the base release with migrate-back, in-process: what the re-runs run. */
  migrateBack(transport: Transport) {
    const input = {
      environment: "dev",
      to: this.live,
      force: false,
      migrateBack: true,
      dryRun: false,
      configDir: "environments",
      root: this.root,
    };
    return rollbackCommand(input, commandContext(this.fx.clients[transport], { env: this.runnerEnv() }));
  }

  /** The inputs of the bundled rollback action for that rollback, as the workflow gives them. */
  rollbackInputs(): Record<string, string> {
    return { environment: "dev", to: this.live, "migrate-back": "true", "config-dir": "environments", "github-token": "" };
  }
}

/** The repository's environments, each on its own database; the swept one with a second schedule. */
function makeWorkspace(swept: SweptEnv, db: string): string {
  const dir = tempDir("runway-migkill-");
  cpSync("environments", join(dir, "environments"), { recursive: true });
  for (const env of ["dev", "qa"] as const) {
    const file = join(dir, "environments", `${env}.yaml`);
    // The bundled action waits on the real clock: qa's canary wait is cut to a second.
    const yaml = readFileSync(file, "utf8")
      .replace(/^ {2}env:\n/m, `  env:\n    PGDATABASE: ${env === swept ? db : `${db}_other`}\n`)
      .replace(/wait: 2m/, "wait: 1s");
    const second = `  - name: ${env}-clearsessions-noon\n    cron: "0 12 * * *"\n    target:\n      batch: web-${env}-clearsessions\n\nnotify:`;
    writeFileSync(file, env === swept ? yaml.replace(/^notify:/m, second) : yaml);
  }
  return dir;
}
