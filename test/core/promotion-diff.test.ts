import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { promotionDiff } from "../../src/core/promotion-diff.js";
import { createGitHub } from "../../src/github/client.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";
import { tempDir } from "../helpers/tmp.js";

let github: GitHubFake;
beforeAll(async () => {
  github = await startGitHubFake();
});
afterAll(async () => github?.stop());

async function repo(): Promise<{ dir: string; shas: string[] }> {
  const dir = tempDir("runway-git-");
  const git = simpleGit(dir);
  await git.init().addConfig("user.email", "t@example.com").addConfig("user.name", "T");
  const shas: string[] = [];
  const commit = async (file: string, message: string) => {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), message);
    await git.add(file).commit(message);
    shas.push((await git.revparse(["HEAD"])).trim());
  };
  await commit("README.md", "initial");
  await commit("shop/models.py", "Add price (#12)");
  await commit("shop/migrations/0002_price.py", "Migrate price (#13)");
  return { dir, shas };
}

describe("promotion diff", () => {
  it("lists commits with their pull requests and the migrations, from local git", async () => {
    const { dir, shas } = await repo();
    const diff = await promotionDiff({ base: shas[0], head: shas[2] as string, repoDir: dir });
    expect(diff.source).toBe("git");
    expect(diff.commits.map((c) => [c.subject, c.prNumbers])).toEqual([
      ["Migrate price (#13)", [13]],
      ["Add price (#12)", [12]],
    ]);
    expect(diff.migrations).toEqual(["shop/migrations/0002_price.py"]);
  });

  it("uses GitHub's compare API when a token is given", async () => {
    const { dir, shas } = await repo();
    github.seedCommits(
      shas.map((sha, i) => ({
        sha,
        message: ["initial", "Add price (#12)", "Merge pull request #13 from acme/price"][i] as string,
        author: "octocat",
      })),
    );
    const gh = createGitHub({ token: github.token, apiUrl: github.url, repository: github.repository, logger: new MemoryLogger() });
    const diff = await promotionDiff({ base: shas[0], head: shas[2] as string, gh, repoDir: dir });
    expect(diff.source).toBe("github");
    expect(diff.commits.flatMap((c) => c.prNumbers)).toEqual([12, 13]);
    expect(diff.migrations).toEqual(["shop/migrations/0002_price.py"]);
  });

  it("says plainly when the history is missing instead of failing", async () => {
    const { dir } = await repo();
    const diff = await promotionDiff({ base: "a".repeat(40), head: "b".repeat(40), repoDir: dir });
    expect(diff.source).toBe("none");
    expect(diff.note).toContain("fetch-depth: 0");
  });

  it('for a target with nothing live, lists every migration the candidate brings (not "no migration files changed")', async () => {
    const { dir, shas } = await repo();
    const diff = await promotionDiff({ head: shas[2] as string, repoDir: dir });
    expect(diff).toMatchObject({
      source: "git",
      migrations: ["shop/migrations/0002_price.py"],
      note: "nothing is live in the target yet: everything is new",
    });
    expect(await promotionDiff({ head: shas[2] as string })).toMatchObject({ source: "none", migrations: [] });
  });
});

describe("the promotion summary", () => {
  it("does not claim that no migration changed when the history could not be read", async () => {
    const { renderPromotionDiff } = await import("../../src/present/summary/index.js");
    const unknown = renderPromotionDiff("qa", "prod", {
      head: "abc",
      source: "none",
      commits: [],
      migrations: [],
      note: "commit abc is not in the local history (a shallow clone?)",
    });
    expect(unknown).not.toContain("No migration files changed");
    expect(unknown).toContain("unknown without the history");
    expect(renderPromotionDiff("qa", "prod", { head: "abc", source: "git", commits: [], migrations: [] })).toContain(
      "No migration files changed.",
    );
  });
});
