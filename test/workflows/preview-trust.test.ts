// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub expression text, not a JS template
// Issue 16's preview hardening, proved on pr-preview.yml through the workflow harness: a
// same-repository pull request's credentialed jobs run Runway's action from the base branch's
// commit (or the caller's pin) and read the base branch's files, never the pull request's tree;
// fork and Dependabot pull requests get no id-token, no write permission and no checkout, and the
// job summary says why. Each property is a function of the run returning findings, and each is
// shown to catch a workflow broken in exactly that way.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sha } from "../helpers/deploy.js";
import { tempDir } from "../helpers/tmp.js";
import { baseSha, built, type HarnessEvent, useWorkflowFixture, type WorkflowRun } from "../helpers/workflow-harness.js";

type Json = Record<string, any>;
const f = useWorkflowFixture();
const { fx, event, run } = f;

const FILE = ".github/workflows/pr-preview.yml";
const TEXT = readFileSync(FILE, "utf8");
const BASE = "ba5e".repeat(10);
const PIN = "9".repeat(40);
const dir = tempDir("runway-preview-trust-");

const ran = (result: WorkflowRun) =>
  Object.values(result.jobs)
    .filter((j) => j.ran)
    .map((j) => j.id);
const isCheckout = (uses: unknown) => typeof uses === "string" && uses.startsWith("actions/checkout@");
const isLocal = (uses: unknown) => typeof uses === "string" && uses.startsWith("./");

/** Runs a copy of pr-preview.yml with `edit` applied (the harness reads workflows under .github/workflows). */
async function runText(text: string, trigger: HarnessEvent, extra: Json = {}): Promise<WorkflowRun> {
  if (text === TEXT) return run("pr-preview.yml", trigger, extra);
  const path = join(dir, `pr-preview-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return run(relative(".github/workflows", path), trigger, extra);
}

function edit(from: string, to: string, all = false): string {
  if (!TEXT.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} is not in ${FILE}`);
  return all ? TEXT.split(from).join(to) : TEXT.replace(from, to);
}

/**
 * How a same-repository run could execute the pull request's own Runway code or files with
 * credentials: a local action not under .runway, .runway checked out at anything but `runwayRef`
 * (the base commit, or the caller's pin), or the workspace beside Runway at anything but the base.
 */
function prCodeFindings(result: WorkflowRun, text: string, runwayRef: string, base: string): string[] {
  const doc = parse(text) as Json;
  return Object.values(result.jobs)
    .filter((job) => job.ran)
    .flatMap((job) => {
      const specs = doc.jobs[job.id].steps as Json[];
      const runsRunway = specs.some((s) => isLocal(s.uses));
      const findings: string[] = [];
      let runway: string | undefined;
      job.steps.forEach((step, i) => {
        const spec = specs[i] as Json;
        if (isCheckout(spec.uses) && step.with.path === ".runway") runway = step.with.ref;
        else if (isCheckout(spec.uses) && runsRunway && step.with.ref !== base)
          findings.push(
            `${job.id}: the workspace beside Runway is checked out at ${step.with.ref || "the pull request's merge commit"}, not the base ${base}`,
          );
        if (!isLocal(spec.uses)) return;
        if (!String(spec.uses).startsWith("./.runway/")) findings.push(`${job.id}: runs ${spec.uses} from the pull request's tree`);
        else if (runway !== runwayRef)
          findings.push(
            `${job.id}: runs ${spec.uses} from .runway checked out at ${runway || "the pull request's merge commit"}, not ${runwayRef}`,
          );
      });
      return findings;
    });
}

/** What a fork's or Dependabot's run was given that it must not have: permissions, checkouts, credentials, Runway's code. */
function untrustedFindings(result: WorkflowRun, text: string): string[] {
  const doc = parse(text) as Json;
  return Object.values(result.jobs)
    .filter((job) => job.ran)
    .flatMap((job) => {
      const spec = doc.jobs[job.id] as Json;
      const permissions = spec.permissions;
      const findings: string[] = [];
      if (typeof permissions !== "object" || permissions === null) findings.push(`${job.id}: permissions ${permissions ?? "(default)"}`);
      else
        for (const [scope, level] of Object.entries(permissions as Json))
          if (scope === "id-token" || level === "write") findings.push(`${job.id}: ${scope}: ${level}`);
      job.steps.forEach((step, i) => {
        const uses = (spec.steps as Json[])[i]?.uses;
        if (step.outcome === "skipped") return;
        if (isCheckout(uses)) findings.push(`${job.id}: checks out ${step.with.repository || "the pull request"}`);
        if (typeof uses === "string" && uses.startsWith("google-github-actions/auth@")) findings.push(`${job.id}: gets cloud credentials`);
        if (isLocal(uses)) findings.push(`${job.id}: runs ${uses}`);
      });
      return findings;
    });
}

/** The notice's script as the runner runs it, with its env: the job summary it writes. */
function summaryOf(result: WorkflowRun): string {
  const step = result.jobs["skipped-notice"]?.steps[0];
  if (!step?.script) throw new Error("the skipped-notice job wrote no script");
  expect(step.script).not.toContain("${{");
  const summary = join(tempDir("runway-summary-"), "summary.md");
  execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.script], {
    env: { PATH: process.env.PATH, ...step.env, GITHUB_STEP_SUMMARY: summary },
  });
  return readFileSync(summary, "utf8");
}

describe("a same-repository pull request: Runway's action from the base branch, never the pull request's tree", () => {
  it("the preview runs ./.runway/actions/preview checked out at the base commit, beside the base branch's files", async () => {
    expect((await run("deploy-dev.yml", event.push(sha(1)), { stubs: built(1) })).jobs.deploy?.result).toBe("success");
    const result = await run("pr-preview.yml", event.pull("opened", 31, sha(2), { baseSha: BASE }), { stubs: built(2) });
    expect(ran(result)).toEqual(["build", "preview"]);
    expect(prCodeFindings(result, TEXT, BASE, BASE)).toEqual([]);
    const [action] = result.actions;
    expect([action?.job, action?.action, action?.code]).toEqual(["preview", "./.runway/actions/preview", 0]);
    // The job's own sha is the pull request's merge commit, which is exactly what .runway is not.
    expect(result.jobs.preview?.steps.find((s) => s.with.path === ".runway")?.with).toEqual(
      expect.objectContaining({ repository: "acme/shop", ref: BASE, "persist-credentials": "false" }),
    );
  });

  it("called as a reusable workflow, .runway is the caller's pinned runway-ref; the workspace is still the base", async () => {
    const inputs = { "runway-repository": "acme/runway", "runway-ref": PIN };
    for (const trigger of [event.pull("synchronize", 32, sha(3), { baseSha: BASE }), event.pull("closed", 32, sha(3), { baseSha: BASE })]) {
      const result = await run("pr-preview.yml", trigger, { stubs: built(3), inputs });
      expect(ran(result).length).toBeGreaterThan(0);
      expect(prCodeFindings(result, TEXT, PIN, BASE)).toEqual([]);
      for (const job of Object.values(result.jobs).filter((j) => j.ran && j.id !== "build"))
        expect(job.steps.find((s) => s.with.path === ".runway")?.with.repository, job.id).toBe("acme/runway");
    }
  });

  it("the cleanup runs Runway from the base commit too", async () => {
    const result = await run("pr-preview.yml", event.pull("closed", 33, sha(4)));
    expect(ran(result)).toEqual(["cleanup"]);
    expect(prCodeFindings(result, TEXT, baseSha(33), baseSha(33))).toEqual([]);
  });

  it.each([
    [
      "Runway checked out at the PR's merge commit",
      edit("inputs.runway-ref || github.event.pull_request.base.sha", "inputs.runway-ref || github.sha"),
      "from .runway checked out at",
    ],
    ["the PR's own copy of the action", edit("uses: ./.runway/actions/preview", "uses: ./actions/preview"), "from the pull request's tree"],
    [
      "the workspace at the PR's merge commit",
      edit("          ref: ${{ github.event.pull_request.base.sha }}\n", ""),
      "the workspace beside Runway is checked out at the pull request's merge commit",
    ],
  ])("catches a workflow with %s", async (_, text, finding) => {
    const result = await runText(text, event.pull("opened", 34, sha(5)), { stubs: built(5) });
    expect(prCodeFindings(result, text, baseSha(34), baseSha(34))).toEqual([expect.stringContaining(finding)]);
  });
});

describe("fork and Dependabot pull requests: no id-token, no write permission, no checkout; the reason in the summary", () => {
  const cases: [string, (action: string) => HarnessEvent, RegExp][] = [
    [
      "a fork",
      (a) => event.pull(a, 41, sha(6), { fork: "stranger/shop", author: "stranger" }),
      /comes from a fork\. Fork pull requests never receive cloud credentials/,
    ],
    [
      "Dependabot",
      (a) => event.pull(a, 42, sha(6), { author: "dependabot[bot]" }),
      /comes from Dependabot\. GitHub gives Dependabot's runs a read-only token/,
    ],
    [
      "a push by Dependabot to a human's pull request",
      (a) => event.pull(a, 43, sha(6), { actor: "dependabot[bot]" }),
      /comes from Dependabot/,
    ],
  ];

  it.each(cases)("%s: only the notice runs, with no permissions, and the summary says why", async (_, pull, reason) => {
    const before = f.github.requests.length;
    for (const action of ["opened", "synchronize", "reopened"]) {
      const result = await run("pr-preview.yml", pull(action), { stubs: built(6) });
      expect(ran(result), action).toEqual(["skipped-notice"]);
      expect(untrustedFindings(result, TEXT), action).toEqual([]);
      expect(parse(TEXT).jobs["skipped-notice"].permissions).toEqual({});
      expect(result.actions).toEqual([]);
      expect(summaryOf(result)).toMatch(reason);
    }
    expect(ran(await run("pr-preview.yml", pull("closed")))).toEqual([]);
    expect(await fx.calls()).toEqual([]);
    expect(f.github.requests.slice(before)).toEqual([]);
  });

  it.each([
    [
      "no Dependabot test (the same-repository test alone)",
      edit("\n      && github.event.pull_request.user.login != 'dependabot[bot]' && github.actor != 'dependabot[bot]'", "", true),
      event.pull("opened", 44, sha(7), { author: "dependabot[bot]" }),
      "build: id-token: write",
    ],
    [
      "a notice asking for pull-requests: write",
      edit("    permissions: {}\n    steps:", "    permissions:\n      pull-requests: write\n    steps:"),
      event.pull("opened", 45, sha(7), { fork: "stranger/shop" }),
      "skipped-notice: pull-requests: write",
    ],
    [
      "a notice checking out the fork",
      edit(
        "    steps:\n      - name: Say",
        "    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n      - name: Say",
      ),
      event.pull("opened", 46, sha(7), { fork: "stranger/shop" }),
      "skipped-notice: checks out the pull request",
    ],
  ])("catches a workflow with %s", async (_, text, trigger, finding) => {
    const result = await runText(text, trigger, { stubs: built(7) });
    expect(untrustedFindings(result, text)).toContain(finding);
  });
});
