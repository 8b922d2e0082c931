// The command and the action around the analysis: the base read from the ledger (Cloud Run, on
// the emulator), the environment's YAML policy, and the bundled action run as the runner runs it.
import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";
import { MemoryLogger } from "../../src/core/runtime.js";
import { parseOutputs } from "../helpers/action.js";
import { digest, fastClock } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { CASES } from "./cases.js";
import { baseRepo, childEnv, commit, git, type Scenario, scenario, tempDir, useDjango, writeFiles } from "./helpers.js";

const fx = useEmulator();
const django = useDjango();
let s: Scenario;

beforeAll(() => {
  // The workspace: the app at app/, the environments at the root; the candidate drops a column.
  const repo = baseRepo("app");
  cpSync("environments", join(repo.dir, "environments"), { recursive: true });
  repo.base = commit(repo.dir, "environments");
  s = scenario(repo, CASES.dropColumn, "app");
});

function context(): CommandContext & { logger: MemoryLogger } {
  const env = { ...childEnv(), DATABASE_URL: django.pg.url, RUNWAY_PYTHON: django.venv.python };
  return { logger: new MemoryLogger(), clock: fastClock(), clients: () => fx.clients.grpc, fetch, env };
}

const input = (environment: string) => ({ environment, candidate: s.candidate, projectDir: "app", configDir: "environments", root: s.dir, allow: [] });

describe("runway migrations check", () => {
  it("takes the base from the release live in the environment, and its policy from the YAML", async () => {
    const ctx = context();
    await deployCommand({ environment: "prod", image: digest(1), commit: s.base, dryRun: false, configDir: "environments", root: s.dir }, ctx);
    const result = await migrationsCheckCommand(input("prod"), ctx);
    expect(result.exitCode).toBe(1);
    const json = result.json as Record<string, any>;
    expect(Object.keys(json)).toEqual(["decision", "base", "candidate", "plan", "findings", "message"]);
    expect(json).toMatchObject({ decision: "block", base: s.base, candidate: s.candidate, plan: [{ app: "shop", name: "0002_drop_quantity", file: "app/shop/migrations/0002_drop_quantity.py" }] });
    expect(json.findings).toEqual([expect.objectContaining({ rule: "RW101-drop-column", file: "app/shop/migrations/0002_drop_quantity.py", line: 10, resolution: "needs-approval" })]);
    expect(ctx.logger.lines).toContain(`info base: ${s.base.slice(0, 12)}, live in prod`);
    expect(ctx.logger.lines.some((l) => l.startsWith("error app/shop/migrations/0002_drop_quantity.py:10: RW101-drop-column (contract)"))).toBe(true);
    expect(result.outputs.decision).toBe("block");
    expect(JSON.parse(result.outputs.findings as string)).toEqual(json.findings);
    expect(result.outputs.summary).toBe("migration gate for prod: block, 1 new migration(s); 1 blocking, 0 warning(s), 0 notice(s) (RW101 shop.0002_drop_quantity)");
    expect(result.summary).toContain("## Migration gate: prod — ⛔ block");
    expect(result.summary).toContain("| error | <code>RW101-drop-column</code> | contract |");
  });

  it("with nothing live every migration is new; --base overrides the ledger; text for the CLI", async () => {
    const ctx = context();
    const nothingLive = await migrationsCheckCommand(input("dev"), ctx);
    expect((nothingLive.json as { base: unknown; plan: { name: string }[] }).base).toBeNull();
    expect((nothingLive.json as { plan: { name: string }[] }).plan.map((p) => p.name)).toEqual(["0001_initial", "0002_drop_quantity"]);
    // dev allows contract; the column drop is on a table this plan creates, so not even that is said.
    expect(nothingLive.exitCode).toBe(0);
    const given = await migrationsCheckCommand({ ...input("prod"), base: s.base, allow: ["contract"], summaryStyle: "text" }, ctx);
    expect(given.exitCode).toBe(0);
    expect(given.summary).toMatch(/^migration gate for prod: allow, 1 new migration\(s\); 0 blocking, 0 warning\(s\), 1 notice\(s\)\nbase [0-9a-f]{12} → candidate/);
    expect(given.summary).toContain("notice  RW101-drop-column  app/shop/migrations/0002_drop_quantity.py:10  [approved]");
  });

  it("analyses the candidate's tree even when the checkout is elsewhere", async () => {
    const later = tempDir("runway-gate-later-");
    cpSync(s.dir, later, { recursive: true });
    writeFiles(join(later, "app"), { "shop/migrations/0002_drop_quantity.py": null, "shop/models.py": readFileSync(join(s.dir, "app/shop/models.py"), "utf8").replace("created_at", "quantity = models.PositiveIntegerField(default=1)\n    created_at") });
    commit(later, "revert: the checkout is now past the candidate");
    const result = await migrationsCheckCommand({ ...input("prod"), base: s.base, root: later }, context());
    expect((result.json as { plan: { name: string }[] }).plan.map((p) => p.name)).toEqual(["0002_drop_quantity"]);
    expect(git(later, "status", "--porcelain")).toBe("");
  });
});

describe("actions/migration-gate", () => {
  let bundle: string;

  beforeAll(async () => {
    // Bundled as scripts/build.mjs bundles it, into a scratch dir: dist/ is the lead's to rebuild.
    const outdir = tempDir("runway-gate-dist-");
    const banner = "import { createRequire as __r } from 'node:module'; import { fileURLToPath as __p } from 'node:url'; const require = __r(import.meta.url); const __filename = __p(import.meta.url); const __dirname = __p(new URL('.', import.meta.url));";
    await build({ entryPoints: { index: "actions/migration-gate/main.ts" }, outdir, bundle: true, format: "esm", platform: "node", target: "node20", keepNames: true, logLevel: "error", banner: { js: banner } });
    bundle = join(outdir, "index.js");
  }, 120_000);

  it("reads inputs, annotates the migration line, writes outputs and the job summary, and fails the step on block", async () => {
    const ctx = context();
    await deployCommand({ environment: "prod", image: digest(2), commit: s.base, dryRun: false, configDir: "environments", root: s.dir }, ctx);
    const run = await runAction(bundle, { environment: "prod", candidate: s.candidate, "project-dir": "app", python: django.venv.python, allow: "RW201" }, { RUNWAY_EMULATOR_HOST: fx.emu.grpc, GITHUB_WORKSPACE: s.dir, DATABASE_URL: django.pg.url });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.decision).toBe("block");
    expect(JSON.parse(run.outputs.findings as string)).toEqual([expect.objectContaining({ rule: "RW101-drop-column", resolution: "needs-approval" })]);
    expect(run.stdout).toMatch(/::error title=RW101-drop-column,file=app\/shop\/migrations\/0002_drop_quantity\.py,line=10::RW101-drop-column \(contract\)/);
    expect(run.stdout).toContain("::error::migration gate for prod: block");
    expect(run.summary).toContain("## Migration gate: prod — ⛔ block");
    const approved = await runAction(bundle, { environment: "prod", candidate: s.candidate, "project-dir": "app", python: django.venv.python, allow: "RW101" }, { RUNWAY_EMULATOR_HOST: fx.emu.grpc, GITHUB_WORKSPACE: s.dir, DATABASE_URL: django.pg.url });
    expect([approved.code, approved.outputs.decision], approved.stdout).toEqual([0, "allow"]);
  }, 60_000);
});

/** Runs a bundled action as the runner does: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function runAction(bundle: string, inputs: Record<string, string>, env: Record<string, string>) {
  const dir = tempDir("runway-gate-run-");
  const files = { output: join(dir, "output"), summary: join(dir, "summary") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const child = spawn(process.execPath, [bundle], { env: { ...childEnv(), GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_ACTIONS: "true", ...inputEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stdout += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, outputs: parseOutputs(readFileSync(files.output, "utf8")), summary: readFileSync(files.summary, "utf8") };
}
