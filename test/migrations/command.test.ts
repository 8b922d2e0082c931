// The command and the action around the analysis: the base read from the ledger (Cloud Run, on
// the emulator), the environment's YAML policy, and the bundled action run as the runner runs it.
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { type ActionRun, runBundledAction } from "../helpers/action.js";
import { withoutMigrations } from "../helpers/commands.js";
import { digest, fastClock } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";
import { CASES } from "./cases.js";
import { baseRepo, childEnv, commit, git, type Scenario, scenario, tempDir, useDjango, writeFiles } from "./helpers.js";
import { runBundle } from "../helpers/process.js";

const fx = useEmulator();
const django = useDjango();
let s: Scenario;

beforeAll(() => {
  // The workspace: the app at app/, the environments at the root; the candidate drops a column.
  const repo = baseRepo("app");
  cpSync("environments", join(repo.dir, "environments"), { recursive: true });
  repo.base = commit(repo.dir, "environments");
  s = scenario(repo, CASES.dropColumn, "app");
  cpSync("environments", join(s.dir, "environments-released"), { recursive: true });
  const prod = join(s.dir, "environments-released", "prod.yaml");
  writeFileSync(prod, withoutMigrations(readFileSync(prod, "utf8")));
});

function context(): CommandContext & { logger: MemoryLogger } {
  const env = { ...childEnv(), DATABASE_URL: django.pg.url, RUNWAY_PYTHON: django.venv.python };
  return { logger: new MemoryLogger(), clock: fastClock(), clients: () => fx.clients.grpc, fetch, env };
}

const input = (environment: string) => ({
  environment,
  candidate: s.candidate,
  projectDir: "app",
  configDir: "environments",
  root: s.dir,
  allow: [],
});

describe("runway migrations check", () => {
  it("takes the base from the release live in the environment, and its policy from the YAML", async () => {
    const ctx = context();
    // The release live in prod, deployed from a copy of the config without migrations: this
    // test is about the check, not the migration job (its own tests run that).
    await deployCommand(
      { environment: "prod", image: digest(1), commit: s.base, dryRun: false, configDir: "environments-released", root: s.dir },
      ctx,
    );
    const result = await migrationsCheckCommand(input("prod"), ctx);
    expect(result.exitCode).toBe(1);
    const json = result.json as Record<string, any>;
    expect(Object.keys(json)).toEqual(["decision", "base", "candidate", "plan", "findings", "message"]);
    expect(json).toMatchObject({
      decision: "block",
      base: s.base,
      candidate: s.candidate,
      plan: [{ app: "shop", name: "0002_drop_quantity", file: "app/shop/migrations/0002_drop_quantity.py" }],
    });
    expect(json.findings).toEqual([
      expect.objectContaining({
        rule: "RW101-drop-column",
        file: "app/shop/migrations/0002_drop_quantity.py",
        line: 10,
        resolution: "needs-approval",
      }),
    ]);
    expect(ctx.logger.lines).toContain(`info base: ${s.base.slice(0, 12)}, live in prod`);
    expect(
      ctx.logger.lines.some((l) => l.startsWith("error app/shop/migrations/0002_drop_quantity.py:10: RW101-drop-column (contract)")),
    ).toBe(true);
    expect(result.outputs.decision).toBe("block");
    expect(JSON.parse(result.outputs.findings as string)).toEqual(json.findings);
    expect(result.outputs.summary).toBe(
      "migration gate for prod: block, 1 new migration(s); 1 blocking, 0 warning(s), 0 notice(s) (RW101 shop.0002_drop_quantity)",
    );
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
    expect(given.summary).toMatch(
      /^migration gate for prod: allow, 1 new migration\(s\); 0 blocking, 0 warning\(s\), 1 notice\(s\)\nbase [0-9a-f]{12} → candidate/,
    );
    expect(given.summary).toContain("notice  RW101-drop-column  app/shop/migrations/0002_drop_quantity.py:10  [approved]");
  });

  it("analyses the candidate's tree even when the checkout is elsewhere", async () => {
    const later = tempDir("runway-gate-later-");
    cpSync(s.dir, later, { recursive: true });
    writeFiles(join(later, "app"), {
      "shop/migrations/0002_drop_quantity.py": null,
      "shop/models.py": readFileSync(join(s.dir, "app/shop/models.py"), "utf8").replace(
        "created_at",
        "quantity = models.PositiveIntegerField(default=1)\n    created_at",
      ),
    });
    commit(later, "revert: the checkout is now past the candidate");
    const result = await migrationsCheckCommand({ ...input("prod"), base: s.base, root: later }, context());
    expect((result.json as { plan: { name: string }[] }).plan.map((p) => p.name)).toEqual(["0002_drop_quantity"]);
    expect(git(later, "status", "--porcelain")).toBe("");
  });
});

describe("runway migrations check on a runner's environment (the bundled CLI)", () => {
  /** Runs `node dist/runway/index.js migrations check …` with what a hosted runner sets, and a private TMPDIR. */
  async function checkAsOnARunner(cwd: string, args: string[]) {
    const tmp = tempDir("runway-runner-tmp-");
    const env = {
      ...childEnv(),
      TMPDIR: tmp,
      DATABASE_URL: django.pg.url,
      RUNWAY_PYTHON: django.venv.python,
      RUNWAY_EMULATOR_HOST: fx.emu.grpc,
      // What self-hosted and corporate runners set: a CA bundle for git and node, no prompts, a proxy.
      GIT_SSL_CAINFO: "/etc/ssl/certs/ca-certificates.crt",
      GIT_TERMINAL_PROMPT: "0",
      HTTPS_PROXY: "http://127.0.0.1:9",
      NO_PROXY: "127.0.0.1,localhost",
      NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/ca-certificates.crt",
      PAGER: "less",
      EDITOR: "vi",
    };
    const run = await runBundle("dist/runway/index.js", ["migrations", "check", ...args], { cwd, env, timeoutMs: 120_000 });
    return { ...run, leftInTmp: readdirSync(tmp) };
  }

  it("analyses a candidate that is not checked out with GIT_SSL_CAINFO and friends set, leaving nothing in TMPDIR", async () => {
    const later = tempDir("runway-gate-runner-");
    cpSync(s.dir, later, { recursive: true });
    git(later, "checkout", "-q", s.base); // the checkout is not at the candidate: its tree is exported
    const before = git(later, "status", "--porcelain");
    const run = await checkAsOnARunner(later, [
      "--env",
      "prod",
      "--candidate",
      s.candidate,
      "--base",
      s.base,
      "--project-dir",
      "app",
      "--format",
      "json",
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/environment guard|not permitted|at .*\.js:\d+/);
    const json = JSON.parse(run.stdout) as { decision: string; plan: { name: string }[] };
    expect([json.decision, json.plan.map((p) => p.name)]).toEqual(["block", ["0002_drop_quantity"]]);
    expect(run.leftInTmp).toEqual([]);
    expect(git(later, "status", "--porcelain")).toBe(before);
  }, 60_000);

  it("leaves nothing in TMPDIR when the analysis fails after exporting the candidate", async () => {
    const later = tempDir("runway-gate-runner-");
    cpSync(s.dir, later, { recursive: true });
    git(later, "checkout", "-q", s.base);
    const run = await checkAsOnARunner(later, [
      "--env",
      "prod",
      "--candidate",
      s.candidate,
      "--base",
      s.base,
      "--project-dir",
      "app",
      "--settings",
      "no.such.settings",
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).not.toMatch(/environment guard/);
    expect(run.leftInTmp).toEqual([]);
  }, 60_000);
});

describe("actions/migration-gate, bundled in dist/", () => {
  let github: GitHubFake;
  beforeAll(async () => {
    github = await startGitHubFake();
    return () => github.stop();
  });

  const gateAction = async (inputs: Record<string, string>, event: unknown = {}) => {
    await deployCommand(
      { environment: "prod", image: digest(2), commit: s.base, dryRun: false, configDir: "environments-released", root: s.dir },
      context(),
    );
    const all = { environment: "prod", candidate: s.candidate, "project-dir": "app", python: django.venv.python, ...inputs };
    const env = {
      LANG: "C.UTF-8",
      RUNWAY_EMULATOR_HOST: fx.emu.grpc,
      GITHUB_WORKSPACE: s.dir,
      DATABASE_URL: django.pg.url,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: github.repository,
    };
    return runBundledAction("migration-gate", all, env, event);
  };
  const resolutions = (run: ActionRun) => (JSON.parse(run.outputs.findings ?? "[]") as { resolution: string }[]).map((f) => f.resolution);

  it("reads inputs, annotates the migration line, writes outputs and the job summary, and fails the step on block", async () => {
    const run = await gateAction({ allow: "RW201" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.decision).toBe("block");
    expect(JSON.parse(run.outputs.findings as string)).toEqual([
      expect.objectContaining({ rule: "RW101-drop-column", resolution: "needs-approval" }),
    ]);
    expect(run.stdout).toMatch(
      /::error title=RW101-drop-column,file=app\/shop\/migrations\/0002_drop_quantity\.py,line=10::RW101-drop-column \(contract\)/,
    );
    expect(run.stdout).toContain("::error::migration gate for prod: block");
    expect(run.summary).toContain("## Migration gate: prod — ⛔ block");
    const approved = await gateAction({ allow: "RW101" });
    expect([approved.code, approved.outputs.decision], approved.stdout).toEqual([0, "allow"]);
  }, 60_000);

  it("approves by the label of the event's pull request, read fresh from GitHub", async () => {
    github.seedPull({ number: 12, title: "Drop quantity", author: "alice", headSha: s.candidate, labels: ["runway/allow-migrations"] });
    const run = await gateAction({ "github-token": github.token }, { pull_request: { number: 12 } });
    expect([run.code, run.outputs.decision, resolutions(run)], run.stdout).toEqual([0, "allow", ["approved"]]);
    expect(github.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(
      `GET /repos/${github.repository}/issues/12/labels 200`,
    );
    expect(run.summary).toContain("Approved by the pull request label runway/allow-migrations");
  }, 60_000);

  it("on a merge, approves by the label of the pull request GitHub associates with the commit", async () => {
    github.seedPull({
      number: 13,
      title: "Drop quantity",
      author: "alice",
      headSha: "a".repeat(40),
      mergeCommitSha: s.candidate,
      labels: ["runway/allow-migrations"],
    });
    const run = await gateAction({ "github-token": github.token });
    expect([run.code, run.outputs.decision, resolutions(run)], run.stdout).toEqual([0, "allow", ["approved"]]);
  }, 60_000);

  it("a label lookup that GitHub refuses approves nothing: the gate blocks and says why", async () => {
    github.seedPull({ number: 14, title: "Drop quantity", author: "mallory", headSha: s.candidate, labels: ["runway/allow-migrations"] });
    // What a fork's read-only token gets.
    github.inject("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", {
      status: 403,
      body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" },
    });
    const run = await gateAction({ "github-token": github.token }, { pull_request: { number: 14 } });
    expect([run.code, run.outputs.decision, resolutions(run)], run.stdout).toEqual([1, "block", ["needs-approval"]]);
    expect(run.stdout).toMatch(
      /::warning::could not read the pull request's labels, so none approves: Resource not accessible by integration/,
    );
  }, 60_000);
});
