// The gate in the release flow, for real: the migration job runs `manage.py migrate` through the
// emulator's job execution against PostgreSQL, before any traffic moves.
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { publish } from "../../src/demo/images.js";
import { commandContext } from "../helpers/commands.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { CASES } from "./cases.js";
import { baseRepo, scenario, stageIn, useDjango } from "./helpers.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();
const django = useDjango();
const NAME = `${PARENT}/services/web-dev`;

function workspace(database: string, contract = "block"): string {
  const dir = tempDir("runway-exec-");
  cpSync("environments", join(dir, "environments"), { recursive: true });
  const dev = join(dir, "environments", "dev.yaml");
  // dev's own database; and a dev policy that blocks contract changes, to see the gate stop one.
  writeFileSync(
    dev,
    readFileSync(dev, "utf8")
      .replace(/^ {2}env:\n/m, `  env:\n    PGDATABASE: ${database}\n`)
      .replace("contract: allow", `contract: ${contract}`),
  );
  return dir;
}

const stage = (repoDir: string) => stageIn(django, repoDir);

const applied = (database: string) =>
  execFileSync(
    "psql",
    [
      `${django.pg.url.replace(/\/[^/]*$/, `/${database}`)}`,
      "-Atc",
      "select app || '.' || name from django_migrations where app = 'shop' order by id",
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .filter(Boolean);

/** Publishes the commit of the repository at `dir` as an image and deploys it to dev, gate on. */
const deployer = (root: string) => async (dir: string, commit: string) => {
  const image = await publish(stage(dir), fx.emu, commit);
  const ctx = commandContext(fx.clients.grpc, { env: { PATH: process.env.PATH, DATABASE_URL: django.pg.url } });
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
    ctx,
  );
};

async function served() {
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  return servedTraffic(service);
}

describe("migrations in the release flow", () => {
  it("applies migrations through the job before traffic moves and records them on the release", async () => {
    await django.pg.createDatabase("exec_a");
    const root = workspace("exec_a", "allow");
    const repo = baseRepo();
    const deploy = deployer(root);
    const first = await deploy(repo.dir, repo.base);
    expect(applied("exec_a")).toEqual(["shop.0001_initial"]);
    const safe = scenario(repo, CASES.safe);
    const second = await deploy(safe.dir, safe.candidate);
    expect(applied("exec_a")).toEqual(["shop.0001_initial", "shop.0002_safe"]);
    const [service] = await fx.clients.grpc.services.getService({ name: NAME });
    expect(readLedger(service)[second.outputs.revision as string]?.migrations).toEqual([
      { app: "shop", name: "0002_safe", category: "expand", reversible: true },
    ]);
    expect(first.outputs.revision).not.toBe(second.outputs.revision);
    const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
    expect(jobs.every((j) => String(j.state) === "ENABLED")).toBe(true);
  });

  it("refuses a rollback past a contract change unless forced", async () => {
    await django.pg.createDatabase("exec_d");
    const root = workspace("exec_d", "allow");
    const repo = baseRepo();
    const deploy = deployer(root);
    const first = await deploy(repo.dir, repo.base);
    const drop = scenario(repo, CASES.dropColumn);
    const second = await deploy(drop.dir, drop.candidate);
    expect(applied("exec_d")).toContain("shop.0002_drop_quantity");
    const ctx = () => commandContext(fx.clients.grpc);
    const refused = await rollbackCommand(
      { environment: "dev", force: false, migrateBack: false, dryRun: false, configDir: "environments", root },
      ctx(),
    ).catch((e) => e);
    expect(refused.name).toBe("RefusalError");
    expect(refused.message).toContain("shop.0002_drop_quantity");
    const forced = await rollbackCommand(
      { environment: "dev", force: true, migrateBack: false, dryRun: false, configDir: "environments", root },
      ctx(),
    );
    expect(forced.outputs.revision).toBe(first.outputs.revision);
    expect(second.outputs["previous-revision"]).toBe(first.outputs.revision);
    // The schema stayed forward (force does not touch it).
    expect(applied("exec_d")).toContain("shop.0002_drop_quantity");
  });

  it("migrates back a reversible contract change through the job, then shifts traffic", async () => {
    await django.pg.createDatabase("exec_e");
    const root = workspace("exec_e", "allow");
    const repo = baseRepo();
    const deploy = deployer(root);
    const first = await deploy(repo.dir, repo.base);
    const drop = scenario(repo, CASES.dropColumn);
    await deploy(drop.dir, drop.candidate);
    expect(applied("exec_e")).toEqual(["shop.0001_initial", "shop.0002_drop_quantity"]);
    const back = await rollbackCommand(
      { environment: "dev", force: false, migrateBack: true, dryRun: false, configDir: "environments", root },
      commandContext(fx.clients.grpc),
    );
    expect(back.outputs.revision).toBe(first.outputs.revision);
    expect(back.summary).toContain("shop back to 0001_initial");
    expect(applied("exec_e")).toEqual(["shop.0001_initial"]);
  });

  it("blocks a release whose migration drops a column, before any write", async () => {
    await django.pg.createDatabase("exec_b");
    const root = workspace("exec_b");
    const repo = baseRepo();
    const image = await publish(stage(repo.dir), fx.emu, repo.base);
    const ctx = () => commandContext(fx.clients.grpc, { env: { PATH: process.env.PATH, DATABASE_URL: django.pg.url } });
    await deployCommand(
      {
        environment: "dev",
        image,
        commit: repo.base,
        dryRun: false,
        configDir: "environments",
        root,
        gate: { projectDir: repo.dir, allow: [], python: django.venv.python },
      },
      ctx(),
    );
    const drop = scenario(repo, CASES.dropColumn);
    const dropImage = await publish(stage(drop.dir), fx.emu, drop.candidate);
    const before = (await fx.calls()).length;
    const error = await deployCommand(
      {
        environment: "dev",
        image: dropImage,
        commit: drop.candidate,
        dryRun: false,
        configDir: "environments",
        root,
        gate: { projectDir: drop.dir, allow: [], python: django.venv.python },
      },
      ctx(),
    ).catch((e) => e);
    expect(error.name).toBe("RefusalError");
    expect(error.message).toContain("the migration gate blocks");
    expect(error.message).toMatch(/RW101|drop/i);
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    expect(applied("exec_b")).toEqual(["shop.0001_initial"]);
  });

  it("a failing migration leaves traffic untouched and the schedules resumed", async () => {
    await django.pg.createDatabase("exec_c");
    const root = workspace("exec_c");
    const repo = baseRepo();
    const ctx = () => commandContext(fx.clients.grpc, { env: { PATH: process.env.PATH, DATABASE_URL: django.pg.url } });
    const image = await publish(stage(repo.dir), fx.emu, repo.base);
    await deployCommand(
      {
        environment: "dev",
        image,
        commit: repo.base,
        dryRun: false,
        configDir: "environments",
        root,
        gate: { projectDir: repo.dir, allow: [], python: django.venv.python },
      },
      ctx(),
    );
    const before = await served();
    const broken = scenario(repo, {
      "shop/migrations/0002_boom.py":
        'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0001_initial")]\n    operations = [migrations.RunSQL("SELECT 1/0", reverse_sql=migrations.RunSQL.noop)]\n',
    });
    const brokenImage = await publish(stage(broken.dir), fx.emu, broken.candidate);
    const error = await deployCommand(
      {
        environment: "dev",
        image: brokenImage,
        commit: broken.candidate,
        dryRun: false,
        configDir: "environments",
        root,
        gate: { projectDir: broken.dir, allow: ["RW302", "RW290", "locking"], python: django.venv.python },
      },
      ctx(),
    ).catch((e) => e);
    expect(error.message).toContain("failed at migrations");
    expect(await served()).toEqual(before);
    expect(applied("exec_c")).toEqual(["shop.0001_initial"]);
    const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => String(j.state) === "ENABLED")).toBe(true);
  });
});
