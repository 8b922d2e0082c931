import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadAllEnvironments, loadEnvironment } from "../../src/core/config/load.js";
import { BASE, issuesOf, rejected } from "./helpers.js";

const SHIPPED = new URL("../../environments", import.meta.url).pathname;

function environment(name: string, extra = ""): string {
  return BASE.replace("name: prod", `name: ${name}`) + extra;
}

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "runway-config-"));
  dir = join(root, "environments");
  await mkdir(dir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the shipped environments", () => {
  it("load, in promotion order, as the sample app's dev, qa and prod", async () => {
    const all = await loadAllEnvironments(SHIPPED);
    expect(all.map((env) => [env.name, env.promotesFrom, env.project, env.region, env.service.name])).toEqual([
      ["dev", undefined, "demo-project", "asia-northeast3", "web-dev"],
      ["qa", "dev", "demo-project", "asia-northeast3", "web-qa"],
      ["prod", "qa", "demo-project", "asia-northeast3", "web-prod"],
    ]);
    const [dev, qa, prod] = all;
    expect(dev!.requireDigest).toBe(false);
    expect(dev!.rollout.steps.map((step) => step.percent)).toEqual([100]);
    expect(qa!.requireDigest).toBe(true);
    expect(qa!.rollout.steps.map((step) => step.percent)).toEqual([50, 100]);
    expect(prod!.requireDigest).toBe(true);
    expect(prod!.rollout.steps.map((step) => [step.percent, step.waitMs > 0])).toEqual([
      [10, true],
      [50, true],
      [100, false],
    ]);
  });
});

describe("loadEnvironment", () => {
  it("loads <dir>/<name>.yaml and names it in errors as given", async () => {
    await writeFile(join(dir, "prod.yaml"), environment("prod", "  port: 0\n"));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toBe(`${join(dir, "prod.yaml")}:6:9: service.port: must be between 1 and 65535`);
    await writeFile(join(dir, "dev.yaml"), environment("dev"));
    expect((await loadEnvironment(dir, "dev")).name).toBe("dev");
  });

  it.each(["../prod", "/etc/passwd", "a/b", "prod.yaml", "Prod", "", "x".repeat(32), "-prod"])("refuses the name %j", async (name) => {
    const error = await rejected(loadEnvironment(dir, name));
    expect(error.message).toMatch(/^environment name .* is not valid/);
    expect(error.location?.field).toBe("environment");
  });

  it("says which environments exist when the name is unknown", async () => {
    await writeFile(join(dir, "dev.yaml"), environment("dev"));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toMatch(/no environment "prod" .*\(there is: dev\)/);
  });

  it("refuses a symlink to a file outside the config directory", async () => {
    const outside = join(root, "secret.yaml");
    await writeFile(outside, environment("prod"));
    await symlink(outside, join(dir, "prod.yaml"));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toMatch(/link to a file outside/);
  });

  it("follows a symlink that stays inside the config directory", async () => {
    await mkdir(join(dir, "shared"));
    await writeFile(join(dir, "shared", "prod.yaml"), environment("prod"));
    await symlink(join(dir, "shared", "prod.yaml"), join(dir, "prod.yaml"));
    expect((await loadEnvironment(dir, "prod")).name).toBe("prod");
  });

  it("refuses a config directory outside the given root", async () => {
    const error = await rejected(loadEnvironment(dir, "prod", { root: join(root, "elsewhere") }));
    expect(error.message).toMatch(/is outside/);
    await writeFile(join(dir, "prod.yaml"), environment("prod"));
    expect((await loadEnvironment(dir, "prod", { root })).name).toBe("prod");
  });

  it("refuses a missing config directory", async () => {
    const error = await rejected(loadEnvironment(join(root, "nope"), "prod"));
    expect(error.message).toMatch(/does not exist/);
  });

  it("refuses a file over 256 KiB without reading it", async () => {
    await writeFile(join(dir, "prod.yaml"), environment("prod", `# ${"x".repeat(256 * 1024)}\n`));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toMatch(/larger than 256 KiB/);
  });

  it("refuses a directory in place of the file", async () => {
    await mkdir(join(dir, "prod.yaml"));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toMatch(/not a regular file/);
  });

  it("refuses text that is not UTF-8", async () => {
    await writeFile(join(dir, "prod.yaml"), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const error = await rejected(loadEnvironment(dir, "prod"));
    expect(error.message).toMatch(/not valid UTF-8/);
  });
});

describe("loadAllEnvironments", () => {
  it("reports the problems of every file in one error", async () => {
    await writeFile(join(dir, "dev.yaml"), environment("dev", "  port: 0\n"));
    await writeFile(join(dir, "qa.yaml"), environment("qa", "promotes-from: staging\n"));
    await writeFile(join(dir, "Prod.yaml"), environment("prod"));
    await writeFile(join(dir, "uat.yml"), environment("uat"));
    await writeFile(join(dir, "schema.json"), "{}");
    const error = await rejected(loadAllEnvironments(dir));
    expect(issuesOf(error).map((issue) => [issue.file.slice(dir.length + 1), issue.line, issue.column, issue.field])).toEqual([
      ["Prod.yaml", 1, 1, ""],
      ["dev.yaml", 6, 9, "service.port"],
      ["uat.yml", 1, 1, ""],
      ["qa.yaml", 6, 16, "promotes-from"],
    ]);
    expect(error.message).toMatch(/qa\.yaml:6:16: promotes-from: no environment "staging" \(there is: dev, qa\)/);
  });

  it("does not call an invalid source environment missing", async () => {
    await writeFile(join(dir, "dev.yaml"), environment("dev", "  port: 0\n"));
    await writeFile(join(dir, "qa.yaml"), environment("qa", "promotes-from: dev\n"));
    const error = await rejected(loadAllEnvironments(dir));
    expect(issuesOf(error).map((issue) => issue.field)).toEqual(["service.port"]);
  });

  it("refuses a promotion cycle", async () => {
    await writeFile(join(dir, "dev.yaml"), environment("dev", "promotes-from: qa\n"));
    await writeFile(join(dir, "qa.yaml"), environment("qa", "promotes-from: dev\n"));
    const error = await rejected(loadAllEnvironments(dir));
    expect(issuesOf(error).map((issue) => issue.message)).toEqual(["promotion cycle: dev → qa → dev", "promotion cycle: qa → dev → qa"]);
  });

  it("orders by promotion, then by name", async () => {
    await writeFile(join(dir, "a-prod.yaml"), environment("a-prod", "promotes-from: m-qa\n"));
    await writeFile(join(dir, "m-qa.yaml"), environment("m-qa", "promotes-from: z-dev\n"));
    await writeFile(join(dir, "preview.yaml"), environment("preview", "promotes-from: z-dev\n"));
    await writeFile(join(dir, "z-dev.yaml"), environment("z-dev"));
    expect((await loadAllEnvironments(dir)).map((env) => env.name)).toEqual(["z-dev", "m-qa", "preview", "a-prod"]);
  });

  it("refuses an empty config directory", async () => {
    const error = await rejected(loadAllEnvironments(dir));
    expect(error.message).toMatch(/no environment files/);
  });
});
