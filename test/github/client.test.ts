import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/shared/errors.js";
import type { Logger } from "../../src/shared/runtime.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { createGitHub } from "../../src/github/client.js";
import { listDeployments, setDeploymentStatus, startDeployment } from "../../src/github/deployments.js";
import { GitHubError } from "../../src/github/errors.js";
import { commentOnPullRequest, upsertStickyComment } from "../../src/github/pulls.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";

const SHA = "1".repeat(40);

/** Records lines unredacted, so a test can see whether the token would have been printed. */
class RawLogger implements Logger {
  readonly lines: string[] = [];
  readonly secrets: string[] = [];
  info = (m: string) => void this.lines.push(m);
  warn = (m: string) => void this.lines.push(m);
  error = (m: string) => void this.lines.push(m);
  group = <T>(title: string, run: () => Promise<T>) => {
    this.lines.push(title);
    return run();
  };
  secret = (value: string) => void this.secrets.push(value);
}

let fake: GitHubFake;
beforeEach(async () => {
  fake = await startGitHubFake();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.stop();
});

function client(overrides: { token?: string; retries?: number; apiUrl?: string } = {}, logger: Logger = new MemoryLogger()) {
  return createGitHub({ token: fake.token, apiUrl: fake.url, repository: fake.repository, logger, ...overrides });
}

async function failure(run: Promise<unknown>): Promise<GitHubError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

describe("createGitHub", () => {
  it("registers the token as a secret before use", () => {
    const logger = new RawLogger();
    client({}, logger);
    expect(logger.secrets).toEqual([fake.token]);
  });

  it("refuses a repository that is not owner/repo, and a missing token", () => {
    const logger = new MemoryLogger();
    expect(() => createGitHub({ token: "t", repository: "acme", logger })).toThrow(ConfigurationError);
    expect(() => createGitHub({ token: "", repository: "acme/shop", logger })).toThrow(/token is required/);
  });

  it("talks to apiUrl, with or without a trailing slash", async () => {
    const gh = client({ apiUrl: `${fake.url}/` });
    expect(gh.owner).toBe("acme");
    expect(gh.repo).toBe("shop");
    await startDeployment(gh, { ref: SHA, environment: "dev" });
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/repos/acme/shop/deployments" });
  });
});

describe("GitHub errors", () => {
  it("a 401 names the call, GitHub's message and the permissions the workflow needs", async () => {
    const error = await failure(startDeployment(client({ token: "ghs_wrong" }), { ref: SHA, environment: "dev" }));
    expect(error.status).toBe(401);
    expect(error.call).toBe("POST /repos/acme/shop/deployments");
    expect(error.message).toContain("401 Bad credentials");
    expect(error.message).toContain("`deployments: write`");
    expect(error.message).toContain("permissions:` deployments: write, pull-requests: write, contents: read");
  });

  it("a 403 on a comment points at pull-requests: write", async () => {
    fake.seedPull({ number: 3, title: "t", author: "mona", headSha: SHA });
    fake.inject("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
      status: 403,
      body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" },
    });
    const error = await failure(commentOnPullRequest(client(), 3, "hello"));
    expect(error.message).toMatch(
      /^GitHub API: comment on #3 failed \(POST \/repos\/acme\/shop\/issues\/3\/comments\): 403 Resource not accessible by integration\./,
    );
    expect(error.message).toContain("This call needs `pull-requests: write`");
  });

  it("a rate-limit 403 says so instead of blaming permissions", async () => {
    fake.inject("POST", "/repos/{owner}/{repo}/deployments", {
      status: 403,
      body: { message: "API rate limit exceeded for installation ID 1." },
    });
    const error = await failure(startDeployment(client(), { ref: SHA, environment: "dev" }));
    expect(error.message).toContain("rate limit");
    expect(error.message).not.toContain("permissions");
  });

  it("a 404 and a 422 carry GitHub's message and field errors", async () => {
    const missing = await failure(setDeploymentStatus(client(), 999, { state: "success" }));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain(
      "set deployment 999 to success failed (POST /repos/acme/shop/deployments/999/statuses): 404 Not Found.",
    );
    fake.inject("POST", "/repos/{owner}/{repo}/deployments", {
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ resource: "Deployment", code: "custom", message: "Conflict: Commit status checks failed for main." }],
      },
    });
    const invalid = await failure(startDeployment(client(), { ref: SHA, environment: "dev" }));
    expect(invalid.message).toContain("422 Validation Failed (Conflict: Commit status checks failed for main.)");
  });

  it("retries a read after a 5xx a bounded number of times, and never a 4xx", async () => {
    fake.inject("GET", "/repos/{owner}/{repo}/deployments", { status: 502, body: { message: "Server Error" } }, 1);
    expect(await listDeployments(client({ retries: 1 }), "dev")).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 200]);
    fake.inject("GET", "/repos/{owner}/{repo}/deployments", { status: 502, body: { message: "Server Error" } }, 5);
    const error = await failure(listDeployments(client({ retries: 1 }), "dev"));
    expect(error.status).toBe(502);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 200, 502, 502]);
    await failure(listDeployments(client({ token: "wrong" }), "dev"));
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("never retries a POST, which GitHub may have carried out despite the 5xx", async () => {
    fake.inject("POST", "/repos/{owner}/{repo}/deployments", { status: 502, body: { message: "Server Error" } }, 1);
    const error = await failure(startDeployment(client({ retries: 2 }), { ref: SHA, environment: "dev" }));
    expect(error.status).toBe(502);
    expect(fake.requests).toHaveLength(1);
  });

  it("gives up on a GitHub that does not answer", async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const gh = createGitHub({ token: "t", apiUrl, repository: "acme/shop", logger: new MemoryLogger(), retries: 0, timeoutMs: 200 });
      const error = await failure(startDeployment(gh, { ref: SHA, environment: "dev" }));
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(/no response .*timeout/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("reports an unreachable API without a status", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const apiUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const gh = createGitHub({ token: "t", apiUrl, repository: "acme/shop", logger: new MemoryLogger(), retries: 0 });
    const error = await failure(startDeployment(gh, { ref: SHA, environment: "dev" }));
    expect(error.status).toBeUndefined();
    expect(error.message).toContain("no response connect ECONNREFUSED");
  });

  it("never lets the token into a log line or an error message", async () => {
    const logger = new RawLogger();
    fake.seedPull({ number: 4, title: "t", author: "mona", headSha: SHA });
    const gh = client({}, logger);
    await upsertStickyComment(gh, 4, "preview", "body");
    const errors = [
      await failure(startDeployment(client({ token: `${fake.token}x` }, logger), { ref: SHA, environment: "dev" })),
      await failure(setDeploymentStatus(gh, 12345, { state: "failure" })),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain(fake.token);
      expect(JSON.stringify(error)).not.toContain(fake.token);
    }
    expect(logger.lines.join("\n")).not.toContain(fake.token);
  });
});
