import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/shared/errors.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { createGitHub, type GitHub } from "../../src/github/client.js";
import { GitHubError } from "../../src/github/errors.js";
import { commentOnPullRequest, commitsBetween, parsePrNumbers, pullRequestForCommit, upsertStickyComment } from "../../src/github/pulls.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";

const sha = (n: number) => n.toString(16).padStart(40, "0");

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

describe("pullRequestForCommit", () => {
  it("finds the PR that merged a commit, over another PR that merely contains it", async () => {
    fake.seedPull({ number: 11, title: "Older branch", author: "hubot", headSha: sha(5), state: "open" });
    fake.seedPull({ number: 12, title: "Add checkout", author: "mona", headSha: sha(4), mergeCommitSha: sha(5) });
    expect(await pullRequestForCommit(gh, sha(5))).toEqual({
      number: 12,
      title: "Add checkout",
      author: "mona",
      url: "https://github.com/acme/shop/pull/12",
    });
    expect(fake.requests[0]).toMatchObject({ method: "GET", path: `/repos/acme/shop/commits/${sha(5)}/pulls` });
  });

  it("finds an open PR by its head commit, and nothing for a commit without one", async () => {
    fake.seedPull({ number: 13, title: "WIP", author: "mona", headSha: sha(6) });
    expect(await pullRequestForCommit(gh, sha(6))).toMatchObject({ number: 13, author: "mona" });
    expect(await pullRequestForCommit(gh, sha(7))).toBeUndefined();
  });
});

describe("commitsBetween", () => {
  it("lists the commits after base up to head, first lines, authors and PR numbers", async () => {
    fake.seedCommits([
      { sha: sha(1), message: "Initial", author: "mona" },
      { sha: sha(2), message: "Add checkout (#12)\n\nLonger body mentioning (#99)", author: "mona" },
      { sha: sha(3), message: "Merge pull request #7 from acme/fix-tax\n\nFix tax", author: "hubot" },
      { sha: sha(4), message: "Hotfix without PR", author: "octocat" },
    ]);
    expect(await commitsBetween(gh, sha(1), sha(4))).toEqual([
      { sha: sha(2), message: "Add checkout (#12)", author: "mona", prNumbers: [12] },
      { sha: sha(3), message: "Merge pull request #7 from acme/fix-tax", author: "hubot", prNumbers: [7] },
      { sha: sha(4), message: "Hotfix without PR", author: "octocat", prNumbers: [] },
    ]);
    expect(fake.requests[0]!.path).toBe(`/repos/acme/shop/compare/${sha(1)}...${sha(4)}`);
    expect(await commitsBetween(gh, sha(4), sha(4))).toEqual([]);
  });

  it("pages through a long comparison", async () => {
    fake.seedCommits(Array.from({ length: 231 }, (_, i) => ({ sha: sha(i + 1), message: `Change ${i + 1} (#${i + 1})`, author: "mona" })));
    const commits = await commitsBetween(gh, sha(1), sha(231));
    expect(commits).toHaveLength(230);
    expect(commits[0]!.sha).toBe(sha(2));
    expect(commits.at(-1)).toEqual({ sha: sha(231), message: "Change 231 (#231)", author: "mona", prNumbers: [231] });
    expect(fake.requests.map((r) => r.query.page)).toEqual(["1", "2", "3"]);
  });

  it("reads PR numbers from squash and merge subjects only", () => {
    expect(parsePrNumbers("Fix (#3) and revert (#4)")).toEqual([3, 4]);
    expect(parsePrNumbers("Merge pull request #8 from a/b")).toEqual([8]);
    expect(parsePrNumbers("Mention of #9 in passing")).toEqual([]);
    expect(parsePrNumbers("Again (#3) (#3)")).toEqual([3]);
  });
});

describe("upsertStickyComment", () => {
  beforeEach(() => fake.seedPull({ number: 42, title: "Preview me", author: "mona", headSha: sha(1) }));

  it("keeps exactly one comment through three upserts, with the marker in every body", async () => {
    fake.seedComment(42, "Looks good to me");
    const results = [];
    for (const n of [1, 2, 3])
      results.push(await upsertStickyComment(gh, 42, "preview", `Preview ${n} is at https://pr-42.example.run.app`));
    expect(results.map((r) => r.created)).toEqual([true, false, false]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const marked = fake.comments(42).filter((c) => c.body.includes("<!-- runway:preview -->"));
    expect(marked).toHaveLength(1);
    expect(marked[0]!.body).toBe("<!-- runway:preview -->\nPreview 3 is at https://pr-42.example.run.app");
    expect(fake.comments(42)).toHaveLength(2);
    expect(fake.requests.filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([
      { body: "<!-- runway:preview -->\nPreview 2 is at https://pr-42.example.run.app" },
      { body: "<!-- runway:preview -->\nPreview 3 is at https://pr-42.example.run.app" },
    ]);
  });

  it("finds its comment beyond the first page of comments", async () => {
    for (let i = 0; i < 150; i++) fake.seedComment(42, `chatter ${i}`);
    const mine = fake.seedComment(42, "<!-- runway:release -->\nold", "github-actions[bot]");
    expect(await upsertStickyComment(gh, 42, "release", "new")).toEqual({ id: mine.id, created: false });
    expect(fake.comments(42)).toHaveLength(151);
    expect(mine.body).toBe("<!-- runway:release -->\nnew");
    expect(fake.requests.filter((r) => r.method === "GET").map((r) => r.query.page ?? "1")).toEqual(["1", "2"]);
  });

  it("keeps markers apart, keeps a body that already carries its marker, and skips an unchanged body", async () => {
    await upsertStickyComment(gh, 42, "preview", "a");
    await upsertStickyComment(gh, 42, "migrations", "Body\n<!-- runway:migrations -->");
    await upsertStickyComment(gh, 42, "migrations", "Body\n<!-- runway:migrations -->");
    expect(fake.comments(42).map((c) => c.body)).toEqual(["<!-- runway:preview -->\na", "Body\n<!-- runway:migrations -->"]);
    expect(fake.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("refuses a marker that could break out of the HTML comment", async () => {
    await expect(upsertStickyComment(gh, 42, "x -->", "b")).rejects.toThrow(ConfigurationError);
    expect(fake.requests).toEqual([]);
  });
});

describe("commentOnPullRequest", () => {
  it("adds a conversation comment", async () => {
    fake.seedPull({ number: 5, title: "t", author: "mona", headSha: sha(1) });
    const comment = await commentOnPullRequest(gh, 5, "Deployed to qa");
    expect(comment.url).toContain(`/pull/5#issuecomment-${comment.id}`);
    expect(fake.comments(5)).toEqual([
      expect.objectContaining({ id: comment.id, body: "Deployed to qa", user: expect.objectContaining({ type: "Bot" }) }),
    ]);
  });

  it("fails readably for a PR that does not exist", async () => {
    const error = await commentOnPullRequest(gh, 404, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).status).toBe(404);
  });
});
