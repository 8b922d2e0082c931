// The bundled CLI as a process (dist/runway/index.js), as CI runs it: it starts Python before
// loading the rest of Runway, so it must give the same report as the analysis, and leave no
// process or scratch folder behind when it fails before the analysis uses that Python.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CASES } from "./cases.js";
import { baseRepo, childEnv, commit, gate, type Scenario, scenario, tempDir, useDjango } from "./helpers.js";

const django = useDjango();
const CLI = resolve("dist/runway/index.js");
let s: Scenario;

beforeAll(() => {
  const repo = baseRepo();
  cpSync("environments", join(repo.dir, "environments"), { recursive: true });
  repo.base = commit(repo.dir, "environments");
  s = scenario(repo, CASES.dropColumn);
});

/** Runs the CLI with a temp folder of its own: what it leaves there is what it left behind. */
function cli(args: string[]) {
  const tmp = tempDir("runway-cli-tmp-");
  const env = { ...childEnv(), TMPDIR: tmp, DATABASE_URL: django.pg.url, RUNWAY_PYTHON: django.venv.python };
  const result = spawnSync(process.execPath, [CLI, "migrations", "check", ...args, "--format", "json"], {
    cwd: s.dir,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { ...result, leftovers: readdirSync(tmp) };
}

describe("runway migrations check, the bundled CLI as a process", () => {
  it("gives the analysis's report", async () => {
    const run = cli(["--env", "prod", "--base", s.base, "--candidate", s.candidate]);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    const direct = await gate(django, s);
    expect(json).toMatchObject({ decision: direct.decision, base: s.base, candidate: s.candidate });
    expect(json.findings).toEqual(JSON.parse(JSON.stringify(direct.findings)));
    expect(run.stderr).toMatch(/gate timings \(ms\): start \d+, git \d+, .*python \d+/);
    expect(run.leftovers).toEqual([]);
  });

  it("stops the Python it started when the check fails before the analysis (an unknown environment)", () => {
    const run = cli(["--env", "nope", "--base", s.base, "--candidate", s.candidate]);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: "error", error: { message: expect.stringMatching(/no environment "nope"/) } });
    // It exits rather than waiting on a Python that waits for its request (a wait would end only by
    // spawnSync's timeout, with no exit status).
    expect(run.leftovers).toEqual([]);
  });

  it("stops it too when the git pass fails (a candidate that is not in the repository)", () => {
    const run = cli(["--env", "prod", "--base", s.base, "--candidate", "0".repeat(40)]);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).error.message).toMatch(/the candidate commit 0{40} is not in this repository/);
    expect(run.leftovers).toEqual([]);
  });
});
