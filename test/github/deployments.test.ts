import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { createGitHub, type GitHub } from "../../src/github/client.js";
import {
  listDeployments,
  MAX_STATUS_DESCRIPTION,
  markInactive,
  setDeploymentStatus,
  startDeployment,
  truncateDescription,
} from "../../src/github/deployments.js";
import { GitHubError } from "../../src/github/errors.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

let fake: GitHubFake;
let gh: GitHub;
beforeEach(async () => {
  fake = await startGitHubFake();
  gh = createGitHub({ token: fake.token, apiUrl: fake.url, repository: fake.repository, logger: new MemoryLogger() });
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.stop();
});

describe("startDeployment", () => {
  it("creates a deployment of exactly that commit, without auto-merge or required contexts", async () => {
    const { id } = await startDeployment(gh, {
      ref: SHA,
      environment: "pr-42",
      payload: { image: "europe-docker.pkg.dev/p/r/app@sha256:abc" },
      description: "Preview of #42",
      transient: true,
      production: false,
    });
    expect(fake.requests[0]!.body).toEqual({
      ref: SHA,
      environment: "pr-42",
      payload: { image: "europe-docker.pkg.dev/p/r/app@sha256:abc" },
      description: "Preview of #42",
      transient_environment: true,
      production_environment: false,
      auto_merge: false,
      required_contexts: [],
    });
    expect(fake.deployments).toEqual([expect.objectContaining({ id, sha: SHA, environment: "pr-42", transient_environment: true })]);
    expect(fake.statuses(id)).toEqual([]);
  });

  it("shows a URL known up front with a queued status", async () => {
    const { id } = await startDeployment(gh, { ref: SHA, environment: "dev", environmentUrl: "https://dev.example.run.app" });
    expect(fake.statuses(id)).toEqual([expect.objectContaining({ state: "queued", environment_url: "https://dev.example.run.app" })]);
  });

  it("turns GitHub's 202 auto-merge answer, which has no deployment, into a clear error", async () => {
    fake.inject("POST", "/repos/{owner}/{repo}/deployments", {
      status: 202,
      body: { message: "Auto-merged main into topic-branch on deployment." },
    });
    const error = await startDeployment(gh, { ref: SHA, environment: "dev" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toContain(
      "returned no deployment (202, POST /repos/acme/shop/deployments): Auto-merged main into topic-branch",
    );
  });
});

describe("setDeploymentStatus", () => {
  it("sends the state with the environment and log URLs and auto_inactive", async () => {
    const { id } = await startDeployment(gh, { ref: SHA, environment: "qa" });
    const status = await setDeploymentStatus(gh, id, {
      state: "success",
      environmentUrl: "https://qa.example.run.app",
      logUrl: "https://github.com/acme/shop/actions/runs/1",
      description: "Serving 100% on rev-00002",
      autoInactive: false,
    });
    expect(fake.requests.at(-1)!.body).toEqual({
      state: "success",
      environment_url: "https://qa.example.run.app",
      log_url: "https://github.com/acme/shop/actions/runs/1",
      description: "Serving 100% on rev-00002",
      auto_inactive: false,
    });
    expect(fake.statuses(id)).toEqual([
      expect.objectContaining({ id: status.id, state: "success", target_url: "https://github.com/acme/shop/actions/runs/1" }),
    ]);
  });

  it("sends only what it is given", async () => {
    const { id } = await startDeployment(gh, { ref: SHA, environment: "qa" });
    for (const state of ["queued", "in_progress", "failure", "error", "inactive"] as const) await setDeploymentStatus(gh, id, { state });
    expect(fake.requests.slice(1).map((r) => r.body)).toEqual(
      ["queued", "in_progress", "failure", "error", "inactive"].map((state) => ({ state })),
    );
  });

  it("truncates the description to GitHub's 140 characters", async () => {
    const { id } = await startDeployment(gh, { ref: SHA, environment: "qa" });
    await setDeploymentStatus(gh, id, { state: "failure", description: `Migration 0042 failed: ${"x".repeat(300)}` });
    const sent = (fake.requests.at(-1)!.body as { description: string }).description;
    expect(Array.from(sent)).toHaveLength(MAX_STATUS_DESCRIPTION);
    expect(sent.startsWith("Migration 0042 failed: xxx")).toBe(true);
    expect(sent.endsWith("…")).toBe(true);
  });

  it("counts characters, not UTF-16 units, and never splits one", () => {
    expect(truncateDescription("short")).toBe("short");
    const emoji = "🚀".repeat(200);
    const cut = truncateDescription(emoji);
    expect(Array.from(cut)).toHaveLength(140);
    expect(cut).toBe(`${"🚀".repeat(139)}…`);
    expect(truncateDescription("x".repeat(140))).toBe("x".repeat(140));
  });
});

describe("listDeployments", () => {
  it("lists one environment's deployments, newest first, across pages", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 102; i++) ids.push((await startDeployment(gh, { ref: SHA, environment: "dev" })).id);
    await startDeployment(gh, { ref: SHA, environment: "prod", production: true, payload: { digest: "sha256:1" } });
    const listed = await listDeployments(gh, "dev");
    expect(listed.map((d) => d.id)).toEqual([...ids].reverse());
    expect(listed[0]).toEqual({
      id: ids.at(-1),
      sha: SHA,
      ref: SHA,
      environment: "dev",
      description: "",
      payload: {},
      transient: false,
      production: false,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.query.page ?? "1")).toEqual(["1", "2"]);
    expect(await listDeployments(gh, "prod")).toEqual([expect.objectContaining({ production: true, payload: { digest: "sha256:1" } })]);
    expect(await listDeployments(gh, "nowhere")).toEqual([]);
  });
});

describe("markInactive", () => {
  it("marks every other deployment of the environment inactive, skipping those already inactive", async () => {
    const old = await startDeployment(gh, { ref: SHA, environment: "qa" });
    await setDeploymentStatus(gh, old.id, { state: "inactive" });
    const previous = await startDeployment(gh, { ref: SHA, environment: "qa" });
    await setDeploymentStatus(gh, previous.id, { state: "success", autoInactive: false });
    const failed = await startDeployment(gh, { ref: SHA, environment: "qa" });
    await setDeploymentStatus(gh, failed.id, { state: "failure" });
    const other = await startDeployment(gh, { ref: SHA, environment: "prod" });
    const live = await startDeployment(gh, { ref: SHA, environment: "qa" });
    await setDeploymentStatus(gh, live.id, { state: "success", autoInactive: false });

    const changed = await markInactive(gh, "qa", live.id);
    expect(changed).toEqual([failed.id, previous.id]);
    expect(fake.statuses(previous.id).at(-1)).toMatchObject({ state: "inactive", description: `Superseded by deployment ${live.id}` });
    expect(fake.statuses(failed.id).at(-1)!.state).toBe("inactive");
    expect(fake.statuses(old.id)).toHaveLength(1);
    expect(fake.statuses(live.id).map((s) => s.state)).toEqual(["success"]);
    expect(fake.statuses(other.id)).toEqual([]);
  });

  it("without an exception, deactivates the whole environment (a closed PR's preview)", async () => {
    const a = await startDeployment(gh, { ref: SHA, environment: "pr-7", transient: true });
    const b = await startDeployment(gh, { ref: SHA, environment: "pr-7", transient: true });
    expect(await markInactive(gh, "pr-7")).toEqual([b.id, a.id]);
    expect(await markInactive(gh, "pr-7")).toEqual([]);
  });
});
