import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";

let fake: GitHubFake;
beforeEach(async () => {
  fake = await startGitHubFake();
});
afterEach(async () => {
  await fake.stop();
});

async function call(method: string, path: string, body?: unknown, auth = `token ${fake.token}`) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: auth, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

describe("GitHub fake", () => {
  it("rejects a body that GitHub's OpenAPI description forbids, with a 422 like GitHub's, and records it", async () => {
    const created = await call("POST", "/repos/acme/shop/deployments", { ref: "a".repeat(40), environment: "dev" });
    expect(created.status).toBe(201);
    const status = await call("POST", `/repos/acme/shop/deployments/${created.body.id}/statuses`, { state: "exploded" });
    expect(status.status).toBe(422);
    expect(status.body).toMatchObject({ message: "Invalid request.", documentation_url: expect.any(String) });
    expect(status.body.errors).toEqual([
      expect.objectContaining({ field: "state", code: "invalid", message: expect.stringContaining("in_progress") }),
    ]);
    expect(fake.violations).toEqual([
      expect.objectContaining({
        method: "POST",
        operationId: "repos/create-deployment-status",
        path: `/repos/acme/shop/deployments/${created.body.id}/statuses`,
      }),
    ]);
    expect(fake.statuses(created.body.id)).toEqual([]);
  });

  it("reports a missing required field as missing_field", async () => {
    const response = await call("POST", "/repos/acme/shop/deployments", { environment: "dev" });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "ref", code: "missing_field" })]);
  });

  it("resolves $refs into components when validating", async () => {
    // PUT actions/permissions is {enabled: $ref actions-enabled (boolean)}; the fake does not serve it.
    const invalid = await call("PUT", "/repos/acme/shop/actions/permissions", { enabled: "yes" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0]).toMatchObject({ field: "enabled" });
    const valid = await call("PUT", "/repos/acme/shop/actions/permissions", { enabled: true });
    expect(valid.status).toBe(501);
  });

  it("requires the token, as `token` or `Bearer`", async () => {
    expect((await call("GET", "/repos/acme/shop", undefined, "")).status).toBe(401);
    expect((await call("GET", "/repos/acme/shop", undefined, "token wrong")).body.message).toBe("Bad credentials");
    expect((await call("GET", "/repos/acme/shop", undefined, `Bearer ${fake.token}`)).status).toBe(200);
  });

  it("serves only its repository and answers unknown paths with 404", async () => {
    expect((await call("GET", "/repos/other/repo")).status).toBe(404);
    expect((await call("GET", "/nowhere")).status).toBe(404);
    expect((await call("GET", "/repos/acme/shop/pulls/9")).status).toBe(404);
  });

  it("answers repository and pull request reads with GitHub's shapes", async () => {
    fake.seedPull({ number: 7, title: "Add checkout", author: "mona", headSha: "b".repeat(40), mergeCommitSha: "c".repeat(40) });
    const repo = await call("GET", "/repos/acme/shop");
    expect(repo.body).toMatchObject({ full_name: "acme/shop", default_branch: "main", owner: { login: "acme" } });
    const pull = await call("GET", "/repos/acme/shop/pulls/7");
    expect(pull.body).toMatchObject({ number: 7, merged: true, state: "closed", user: { login: "mona" }, head: { sha: "b".repeat(40) } });
  });

  it("pages lists with a Link header and records every request", async () => {
    fake.seedPull({ number: 1, title: "t", author: "mona", headSha: "d".repeat(40) });
    for (let i = 0; i < 3; i++) fake.seedComment(1, `comment ${i}`);
    const first = await call("GET", "/repos/acme/shop/issues/1/comments?per_page=2");
    expect(first.body.map((c: any) => c.body)).toEqual(["comment 0", "comment 1"]);
    expect(first.headers.get("link")).toContain('per_page=2&page=2>; rel="next"');
    expect(fake.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/repos/acme/shop/issues/1/comments",
      query: { per_page: "2" },
      status: 200,
    });
  });

  it("answers an injected reply in place of the handler, a given number of times", async () => {
    fake.inject("GET", "/repos/{owner}/{repo}", { status: 503, body: { message: "down" } });
    expect((await call("GET", "/repos/acme/shop")).status).toBe(503);
    expect((await call("GET", "/repos/acme/shop")).status).toBe(200);
  });

  it("deactivates earlier successful deployments of the environment like GitHub's auto_inactive", async () => {
    const first = await call("POST", "/repos/acme/shop/deployments", { ref: "a".repeat(40), environment: "qa" });
    await call("POST", `/repos/acme/shop/deployments/${first.body.id}/statuses`, { state: "success" });
    const second = await call("POST", "/repos/acme/shop/deployments", { ref: "b".repeat(40), environment: "qa" });
    await call("POST", `/repos/acme/shop/deployments/${second.body.id}/statuses`, { state: "success" });
    expect(fake.statuses(first.body.id).map((s) => s.state)).toEqual(["success", "inactive"]);
    expect(fake.statuses(second.body.id).map((s) => s.state)).toEqual(["success"]);
  });
});
