// Hostile text in the places a PR author or a dispatcher controls (PR number, branch name, title,
// head sha, a dispatch reason) goes through the real workflows and bundles as data: it is refused
// with the field named, or shown escaped, and nothing is executed. Every payload would create a
// canary file or delete a victim file if any shell ever ran it (a file of the test's own, rather
// than `rm -rf /`, so that a regression costs a red test and not the machine).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digest, sha } from "../helpers/deploy.js";
import { built, type StepResult, useWorkflowFixture, type WorkflowRun } from "../helpers/workflow-harness.js";
import { tempDir } from "../helpers/tmp.js";

const f = useWorkflowFixture();
const { fx, event, run } = f;
const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

let canary: string;
let victim: string;
/** Shell and workflow-command metacharacters, HTML and newlines in one string. */
let evil: string;

beforeEach(() => {
  const dir = tempDir("runway-canary-");
  [canary, victim] = [join(dir, "pwned"), join(dir, "victim")];
  writeFileSync(victim, "still here");
  evil = [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `; touch ${canary}; curl -s evil.invalid`,
    `&& rm -f ${victim} #`,
    `\n::warning::injected\n`,
    "<img src=x onerror=alert(1)> | cat /etc/passwd",
  ].join(" ");
});

afterEach(() => {
  // Whatever the test did, no payload may have reached a shell.
  expect(existsSync(canary), "an injected command ran").toBe(false);
  expect(existsSync(victim), "an injected command ran").toBe(true);
  rmSync(dirname(victim), { recursive: true, force: true });
});

const steps = (result: WorkflowRun): StepResult[] => Object.values(result.jobs).flatMap((j) => j.steps);

/** No rendered script contains the payload (it reaches steps only through env:), and no log line is a forged workflow command. */
function stayedData(result: WorkflowRun): void {
  for (const step of steps(result)) expect(step.script ?? "", step.name).not.toContain("touch");
  for (const action of result.actions) expect(action.stdout.split("\n").filter((l) => l.startsWith("::warning::injected"))).toEqual([]);
}

describe("hostile pull-request fields", () => {
  it("a PR number full of metacharacters is refused, naming pr, before any call", async () => {
    const result = await run("pr-preview.yml", event.pull("opened", `7${evil}`, sha(2)), { stubs: built(2) });
    const [action] = result.actions;
    expect(action?.code).toBe(1);
    expect(action?.stdout).toMatch(/^::error::pr: ".*" is not a pull request number$/m);
    stayedData(result);
    expect(await fx.calls()).toEqual([]);
    expect(f.github.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a fork's PR number full of metacharacters reaches the notice's script only through env:, and stays data when it runs", async () => {
    const before = f.github.requests.length;
    const result = await run("pr-preview.yml", event.pull("opened", `7${evil}`, sha(2), { fork: "stranger/shop" }), { stubs: built(2) });
    expect(result.actions).toEqual([]);
    stayedData(result);
    const step = result.jobs["skipped-notice"]?.steps[0] as StepResult;
    // The script as the runner runs it (bash --noprofile --norc -eo pipefail), the payload in its env.
    const summary = join(tempDir("runway-summary-"), "summary.md");
    execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.script as string], {
      env: { PATH: process.env.PATH, ...step.env, GITHUB_STEP_SUMMARY: summary },
    });
    expect(readFileSync(summary, "utf8")).toContain(`### Preview of #7${evil}: skipped`);
    expect(await fx.calls()).toEqual([]);
    expect(f.github.requests.slice(before)).toEqual([]);
  });

  it("a branch name and title full of metacharacters stay data: the preview deploys at a DNS-1035 tag", async () => {
    const merged = await run("deploy-dev.yml", event.push(sha(1)), { stubs: built(1) });
    expect(merged.jobs.deploy?.result).toBe("success");
    f.github.seedPull({ number: 21, title: evil, author: "octocat", headSha: sha(3), headRef: evil });
    const result = await run("pr-preview.yml", event.pull("opened", 21, sha(3), { ref: evil, title: evil }), { stubs: built(3) });
    const [action] = result.actions;
    expect(action?.code, action?.stdout).toBe(0);
    expect(action?.outputs.tag).toBe("pr-21");
    for (const name of [action?.outputs.tag, action?.outputs.revision]) expect(name).toMatch(DNS_1035);
    stayedData(result);
    // The title and branch reach the action only as data in its event payload and environment.
    expect(result.jobs.preview?.steps.find((s) => s.kind === "action")?.env).not.toHaveProperty("TITLE");
    expect(f.github.comments(21)[0]?.body).not.toContain("touch");
  });

  it("a head sha that is not one is refused, naming commit, before any call", async () => {
    const result = await run("pr-preview.yml", event.pull("opened", 22, `abc${evil}`), { stubs: built(4) });
    const [action] = result.actions;
    expect(action?.code).toBe(1);
    expect(action?.stdout).toMatch(/^::error::commit: ".*" is not a git commit sha/m);
    stayedData(result);
    expect(await fx.calls()).toEqual([]);
  });
});

describe("a hostile dispatch input", () => {
  it("a promotion reason is passed verbatim as data and shown escaped in the job summary", async () => {
    const merged = await run("deploy-dev.yml", event.push(sha(1)), { stubs: built(1) });
    expect(merged.jobs.deploy?.result).toBe("success");
    const result = await run("promote.yml", event.dispatch({ environment: "qa", reason: evil }), { sha: sha(1) });
    const [action] = result.actions;
    expect(action?.code, action?.stdout).toBe(0);
    expect(action?.outputs.image).toBe(digest(1));
    expect(result.jobs.qa?.steps.find((s) => s.kind === "action")?.with.reason).toBe(evil);
    stayedData(result);
    expect(action?.summary).not.toContain("<img");
    expect(action?.summary).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // A newline in the reason must not start a line of its own (a heading, a forged command).
    expect(action?.summary.split("\n").some((l) => l.startsWith("::warning::injected"))).toBe(false);
  });
});
