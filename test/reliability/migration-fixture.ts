// The live state the migration fault tests start from, with real Django (the shared venv)
// migrating a real PostgreSQL through the emulator's migration job.
//
// One venv and one PostgreSQL per test file (so the fault groups share one test file:
// migration-faults.test.ts says why). The live state each scenario starts from is built
// once through Runway itself (dev on the base release, qa promoted from it, then dev on the
// candidate), snapshotted from the emulator's store and, for the databases, kept as template
// databases; every scenario restores both, so none pays for a baseline deploy.
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import type { MemoryLogger } from "../../src/shared/runtime.js";
import { publish } from "../../src/demo/images.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext } from "../helpers/commands.js";
import { type EmulatorFixture, PARENT, useEmulator } from "../helpers/emulator.js";
import { CASES } from "../migrations/cases.js";
import { baseRepo, type Scenario, scenario, stageIn, tempDir, useDjango } from "../migrations/helpers.js";

/** RUNWAY_RELIABILITY_FULL=1 runs every combination; the default run a subset of each matrix. */
export const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";

export const DB = { dev: "migfault_dev", qa: "migfault_qa" } as const;
export type Env = keyof typeof DB;
export const SERVICE = { dev: `${PARENT}/services/web-dev`, qa: `${PARENT}/services/web-qa` } as const;
const SECOND = "dev-clearsessions-noon";
export const SCHEDULES = {
  dev: [`runway-dev-dev-clearsessions-nightly`, `runway-dev-${SECOND}`],
  qa: ["runway-qa-qa-clearsessions-nightly"],
};
export const JOB = (id: string) => `${PARENT}/jobs/${id}`;
export const BASE = ["shop.0001_initial"];
export const MIGRATED = ["shop.0001_initial", "shop.0002_safe"];
/** dev's schema on the contract release: a column dropped, which the base release's code still reads. */
export const CONTRACTED = ["shop.0001_initial", "shop.0002_drop_quantity"];

export interface World {
  root: string;
  repo: { dir: string; base: string };
  safe: Scenario;
  /** A candidate that drops a column (a contract change, reversible): rolling back past it needs migrate-back. */
  contract: Scenario;
  images: { base: string; safe: string; contract: string };
  /** dev and qa live on the base release (0001 applied in both databases). */
  devOnBase: unknown;
  /** dev live on the candidate (0002 applied there), qa still on the base release. */
  devOnCandidate: unknown;
  /** dev live on the contract release (its drop applied in dev's database: template `${DB.dev}_contract_tpl`). */
  devOnContract: unknown;
  /** The dev revision serving the base release, and qa's. */
  live: { dev: string; qa: string };
}

/** How a command of a scenario runs: its logger, and what its migration gate gets. */
export type Logged = { logger?: MemoryLogger; python?: string; databaseUrl?: string; sql?: boolean };

/** Registers the emulator, the venv and PostgreSQL, and the baseline build for the calling test file. */
export function useMigrationFixture(): MigrationFixture {
  const m = new MigrationFixture(useEmulator(), useDjango());
  beforeAll(() => m.buildBaseline(), 180_000);
  return m;
}

/** Runs SQL through psql in `database` of the server at `url` ("" for the url's own database). */
export function psqlAt(url: string, database: string, ...commands: string[]): string {
  const target = database ? url.replace(/\/[^/]*$/, `/${database}`) : url;
  return execFileSync("psql", [target, "-v", "ON_ERROR_STOP=1", "-Atq", ...commands.flatMap((c) => ["-c", c])], {
    encoding: "utf8",
  }).trim();
}

export class MigrationFixture {
  readonly world = {} as World;
  constructor(
    readonly fx: EmulatorFixture,
    readonly django: ReturnType<typeof useDjango>,
  ) {}

  /** Runs SQL in database ("" for the server's default one); returns psql's unaligned output. */
  psql(database: string, ...commands: string[]): string {
    return psqlAt(this.django.pg.url, database, ...commands);
  }

  /** The shop migrations applied in env's database, in order. */
  applied(env: Env): string[] {
    return this.psql(DB[env], "select app || '.' || name from django_migrations where app = 'shop' order by id")
      .split("\n")
      .filter(Boolean);
  }

  /**
   * The emulator back to a snapshot (a deep copy: the store keeps its objects and mutates them),
   * the databases with it: from the templates of 0001, or dev's from the template named.
   */
  async restore(snapshot: unknown, devTemplate = `${DB.dev}_tpl`): Promise<void> {
    await this.fx.emu.reset();
    this.fx.emu.store.load(structuredClone(snapshot) as never);
    const template = { dev: devTemplate, qa: `${DB.qa}_tpl` };
    this.psql(
      "",
      ...Object.entries(DB).flatMap(([env, db]) => [
        `drop database if exists ${db} with (force)`,
        `create database ${db} template ${template[env as Env]}`,
      ]),
    );
  }

  /** Where release images are built from a repository: the shared venv and PostgreSQL. */
  stage(repoDir: string) {
    return stageIn(this.django, repoDir);
  }

  context(transport: Transport, o: Logged = {}) {
    return commandContext(this.fx.clients[transport], {
      ...(o.logger ? { logger: o.logger } : {}),
      env: { PATH: process.env.PATH, DATABASE_URL: o.databaseUrl ?? this.django.pg.url },
    });
  }

  gateFor(dir: string, o: Logged) {
    return { projectDir: dir, allow: [], python: o.python ?? this.django.venv.python, sql: o.sql };
  }

  deployDev(transport: Transport, release: "base" | "safe" | "contract", o: Logged = {}) {
    const w = this.world;
    const s = release === "base" ? { dir: w.repo.dir, commit: w.repo.base } : { dir: w[release].dir, commit: w[release].candidate };
    return deployCommand(
      {
        environment: "dev",
        image: w.images[release],
        commit: s.commit,
        dryRun: false,
        configDir: "environments",
        root: w.root,
        gate: this.gateFor(s.dir, o),
      },
      this.context(transport, o),
    );
  }

  promoteQa(transport: Transport, dir: string, o: Logged = {}) {
    return promoteCommand(
      { to: "qa", dryRun: false, configDir: "environments", root: this.world.root, gate: this.gateFor(dir, o) },
      this.context(transport, o),
    );
  }

  /** Rolls dev back to the base release, running the contract release's migration backwards. */
  migrateBackDev(transport: Transport, o: Logged = {}) {
    const input = {
      environment: "dev",
      to: this.world.live.dev,
      force: false,
      migrateBack: true,
      dryRun: false,
      configDir: "environments",
      root: this.world.root,
    };
    return rollbackCommand(input, this.context(transport, o));
  }

  /** Builds the live state once through Runway, and keeps it as snapshots and template databases. */
  async buildBaseline(): Promise<void> {
    const w = this.world;
    for (const db of Object.values(DB)) await this.django.pg.createDatabase(db);
    w.root = makeWorkspace();
    w.repo = baseRepo();
    w.safe = scenario(w.repo, CASES.safe);
    w.contract = scenario(w.repo, CASES.dropColumn);
    w.images = {
      base: await publish(this.stage(w.repo.dir), this.fx.emu, w.repo.base),
      safe: await publish(this.stage(w.safe.dir), this.fx.emu, w.safe.candidate),
      contract: await publish(this.stage(w.contract.dir), this.fx.emu, w.contract.candidate),
    };
    const dev = await this.deployDev("grpc", "base");
    const qa = await this.promoteQa("grpc", w.repo.dir);
    w.live = { dev: dev.outputs.revision as string, qa: qa.outputs.revision as string };
    expect([this.applied("dev"), this.applied("qa")]).toEqual([BASE, BASE]);
    for (const db of Object.values(DB)) this.psql("", `create database ${db}_tpl template ${db}`);
    w.devOnBase = structuredClone(this.fx.emu.store.toJSON());
    await this.deployDev("grpc", "safe");
    expect(this.applied("dev")).toEqual(MIGRATED);
    w.devOnCandidate = structuredClone(this.fx.emu.store.toJSON());
    await this.restore(w.devOnBase);
    await this.deployDev("grpc", "contract");
    expect(this.applied("dev")).toEqual(CONTRACTED);
    this.psql("", `create database ${DB.dev}_contract_tpl template ${DB.dev}`);
    w.devOnContract = structuredClone(this.fx.emu.store.toJSON());
  }
}

/** The repository's environments, each on its own database; dev with a second schedule. */
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
