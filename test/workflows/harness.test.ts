// The workflows themselves, driven by synthetic GitHub events through the workflow harness: the
// `uses: ./actions/…` steps run the bundled actions against the emulator and the fake GitHub API,
// with their `with:` resolved from the event exactly as the workflow file says.
import { describe, expect, it } from "vitest";
import { servedTraffic } from "../../src/core/traffic.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT } from "../helpers/emulator.js";
import { get } from "../helpers/run.js";
import { built, type StepResult, useWorkflowFixture, type WorkflowRun } from "../helpers/workflow-harness.js";

const f = useWorkflowFixture();
const { fx, event, run } = f;

const ran = (result: WorkflowRun) =>
  Object.values(result.jobs)
    .filter((j) => j.ran)
    .map((j) => j.id);
const actionStep = (result: WorkflowRun, job: string): StepResult => result.jobs[job]?.steps.find((s) => s.kind === "action") as StepResult;

/** Fails with the action's own log, which says why, rather than a bare exit code. */
function succeeded(result: WorkflowRun, job: string): StepResult {
  const step = actionStep(result, job);
  expect(step?.run?.code, step?.run?.stdout).toBe(0);
  return step;
}

async function devTraffic() {
  const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-dev` });
  return servedTraffic(service);
}

async function mergeToMain(n: number): Promise<StepResult> {
  return succeeded(await run("deploy-dev.yml", event.push(sha(n)), { stubs: built(n) }), "deploy");
}

async function push(action: string, pr: number, n: number): Promise<StepResult> {
  return succeeded(await run("pr-preview.yml", event.pull(action, pr, sha(n)), { stubs: built(n) }), "preview");
}

describe("deploy-dev.yml", () => {
  it("a merge to main deploys the built digest to dev", async () => {
    const result = await run("deploy-dev.yml", event.push(sha(1)), { stubs: built(1) });
    expect(ran(result)).toEqual(["build", "deploy"]);
    expect(result.jobs.deploy).toEqual(expect.objectContaining({ environment: "dev", concurrency: "runway-dev", result: "success" }));
    const step = succeeded(result, "deploy");
    expect(step.with).toEqual(
      expect.objectContaining({
        environment: "dev",
        image: digest(1),
        commit: sha(1),
        "config-dir": "environments",
        "github-token": f.github.token,
      }),
    );
    expect((await devTraffic()).find((t) => t.percent === 100)?.revision).toBe(step.outputs.revision);
    const deployment = f.github.deployments.filter((d) => d.environment === "dev").at(-1);
    expect(deployment?.ref).toBe(sha(1));
    expect(f.github.statuses(deployment?.id).at(-1)?.state).toBe("success");
    expect(f.github.violations).toEqual([]);
  });

  it("a push to another branch triggers nothing", async () => {
    const result = await run("deploy-dev.yml", event.push(sha(2), "refs/heads/feature"), { stubs: built(2) });
    expect([result.triggered, result.actions]).toEqual([false, []]);
    expect(await fx.calls()).toEqual([]);
  });
});

describe("pr-preview.yml", () => {
  it("a PR opened gets a preview revision with no traffic at its pr-<N> tag URL, a comment and a Deployment", async () => {
    const live = await mergeToMain(1);
    f.github.seedPull({ number: 11, title: "New checkout", author: "octocat", headSha: sha(2) });
    const result = await run("pr-preview.yml", event.pull("opened", 11, sha(2)), { stubs: built(2) });
    expect(ran(result)).toEqual(["build", "preview"]);
    const step = succeeded(result, "preview");
    expect(step.with).toEqual(expect.objectContaining({ command: "deploy", pr: "11", image: digest(2), commit: sha(2) }));
    expect(step.outputs).toEqual(
      expect.objectContaining({ tag: "pr-11", skipped: "false", revision: expect.stringMatching(/^web-dev-pr-11-0000002-[0-9a-f]{4}$/) }),
    );
    expect(step.outputs.url).toMatch(/\/pr-11---web-dev$/);
    expect(JSON.parse((await get(step.outputs.url as string)).text).image).toBe(digest(2));
    const traffic = await devTraffic();
    expect(traffic.filter((t) => t.tag === "pr-11")).toEqual([{ revision: step.outputs.revision, percent: 0, tag: "pr-11" }]);
    expect(traffic.find((t) => t.percent === 100)?.revision).toBe(live.outputs.revision);

    const [comment] = f.github.comments(11);
    expect(comment?.body).toContain("<!-- runway:preview -->");
    expect(comment?.body).toContain(step.outputs.url);
    expect(comment?.body).toContain(sha(2));
    const deployment = f.github.deployments.find((d) => d.environment === "pr-11");
    expect(deployment).toEqual(expect.objectContaining({ ref: sha(2), transient_environment: true, production_environment: false }));
    expect(f.github.statuses(deployment?.id).at(-1)).toEqual(
      expect.objectContaining({ state: "success", environment_url: step.outputs.url }),
    );
    expect(f.github.violations).toEqual([]);
  });

  it("three pushes keep exactly one sticky comment, and the tag follows the latest push", async () => {
    await mergeToMain(1);
    f.github.seedPull({ number: 12, title: "Three pushes", author: "octocat", headSha: sha(5) });
    await push("opened", 12, 3);
    await push("synchronize", 12, 4);
    const last = await push("synchronize", 12, 5);
    const comments = f.github.comments(12);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(sha(5));
    expect(comments[0]?.body).not.toContain(sha(3));
    expect((await devTraffic()).filter((t) => t.tag === "pr-12")).toEqual([{ revision: last.outputs.revision, percent: 0, tag: "pr-12" }]);
  });

  it("closing the PR removes the tag, deletes its idle revisions, deactivates the Deployment and updates the comment", async () => {
    await mergeToMain(1);
    f.github.seedPull({ number: 13, title: "Closed soon", author: "octocat", headSha: sha(7) });
    const first = await push("opened", 13, 6);
    const second = await push("synchronize", 13, 7);
    const result = await run("pr-preview.yml", event.pull("closed", 13, sha(7)));
    expect(ran(result)).toEqual(["cleanup"]);
    const step = succeeded(result, "cleanup");
    expect(step.with).toEqual(expect.objectContaining({ command: "cleanup", pr: "13" }));
    expect(step.outputs.deleted).toBe(first.outputs.revision);
    expect((await devTraffic()).some((t) => t.tag === "pr-13")).toBe(false);
    const [revisions] = await fx.clients.grpc.revisions.listRevisions({ parent: `${PARENT}/services/web-dev` });
    const names = revisions.map((r) => r.name?.split("/").pop());
    expect(names).not.toContain(first.outputs.revision);
    // The newest preview stays as the service's latest revision until dev's next deploy retires it.
    expect(names).toContain(second.outputs.revision);
    const previews = f.github.deployments.filter((d) => d.environment === "pr-13");
    expect(previews.map((d) => f.github.statuses(d.id).at(-1)?.state)).toEqual(previews.map(() => "inactive"));
    const comments = f.github.comments(13);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("Preview of #13: removed");
    expect(f.github.violations).toEqual([]);
  });

  it("a fork's PR is skipped without any call to Google Cloud or write to GitHub, by a job with no permissions", async () => {
    f.github.seedPull({ number: 14, title: "From a fork", author: "stranger", headSha: sha(8) });
    const before = f.github.requests.length;
    const result = await run("pr-preview.yml", event.pull("opened", 14, sha(8), { fork: "stranger/shop", author: "stranger" }), {
      stubs: built(8),
    });
    expect(ran(result)).toEqual(["skipped-notice"]);
    expect(result.actions).toEqual([]);
    expect(result.jobs["skipped-notice"]?.steps.map((s) => s.env.REASON)).toEqual(["fork"]);
    expect(await fx.calls()).toEqual([]);
    expect(f.github.requests.slice(before)).toEqual([]);
    // Closing a fork's PR has nothing to clean up: no job runs at all.
    expect(ran(await run("pr-preview.yml", event.pull("closed", 14, sha(8), { fork: "stranger/shop" })))).toEqual([]);
  });
});

describe("promote.yml and rollback.yml", () => {
  it("workflow_dispatch promotes dev's live release to qa, by the same digest", async () => {
    await mergeToMain(1);
    const result = await run("promote.yml", event.dispatch({ environment: "qa", reason: "weekly release" }), { sha: sha(1) });
    expect(ran(result)).toEqual(["qa"]);
    expect(result.jobs.qa).toEqual(expect.objectContaining({ environment: "qa", concurrency: "runway-qa" }));
    const step = succeeded(result, "qa");
    expect(step.with).toEqual(expect.objectContaining({ environment: "qa", release: "", reason: "weekly release" }));
    expect(step.outputs.image).toBe(digest(1));
    expect(step.run?.summary).toContain("## Runway promote dev → qa: ✅ deployed");
  });

  it("refuses a dispatch input that is not one of the choices, before any job", async () => {
    await expect(run("promote.yml", event.dispatch({ environment: "staging" }))).rejects.toThrow(
      /environment: "staging" is not one of qa,prod/,
    );
  });

  it("a prod rollback runs in environment prod, so prod's reviewers gate it", async () => {
    const result = await run("rollback.yml", event.dispatch({ environment: "prod", reason: "broken" }), { sha: sha(1) });
    expect(result.jobs.rollback).toEqual(expect.objectContaining({ ran: true, environment: "prod", concurrency: "runway-prod" }));
    expect(actionStep(result, "rollback").with).toEqual(expect.objectContaining({ environment: "prod", force: "false", reason: "broken" }));
  });
});
