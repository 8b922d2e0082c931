import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/action.js";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";

const fx = useEmulator();
let github: GitHubFake;
let root: string;

beforeAll(async () => {
  github = await startGitHubFake();
  root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
});
afterAll(async () => github?.stop());

const env = () => ({
  RUNWAY_EMULATOR_HOST: fx.emu.grpc,
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: github.repository,
  GITHUB_WORKSPACE: root,
  GITHUB_RUN_ID: "7",
});
const dispatch = (inputs: Record<string, string>) => ({
  inputs,
  ref: "refs/heads/main",
  repository: { full_name: github.repository },
  sender: { login: "octocat" },
});
const deployDev = (n: number) =>
  runBundledAction(
    "deploy",
    {
      environment: "dev",
      image: digest(n),
      commit: sha(n),
      "dry-run": "false",
      "config-dir": "environments",
      "github-token": github.token,
    },
    env(),
  );

describe("promote, rollback and status bundles run as the runner runs them", () => {
  it("promotes dev's release to qa, rolls qa back, and reports status", async () => {
    expect((await deployDev(1)).code).toBe(0);
    const promoteInputs = {
      environment: "qa",
      release: "",
      reason: "weekly release",
      "dry-run": "false",
      "config-dir": "environments",
      "github-token": github.token,
    };
    const first = await runBundledAction("promote", promoteInputs, env(), dispatch({ environment: "qa", reason: "weekly release" }));
    if (first.code !== 0) console.log(first.stdout);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.outputs.image).toBe(digest(1));
    expect(first.summary).toContain("## Runway promote dev → qa: ✅ deployed");
    expect(first.summary).toContain("Reason: weekly release");

    expect((await deployDev(2)).code).toBe(0);
    const second = await runBundledAction(
      "promote",
      { ...promoteInputs, release: "0000002-000002" },
      env(),
      dispatch({ environment: "qa", release: "0000002-000002" }),
    );
    if (second.code !== 0) console.log(second.stdout);
    expect(second.code).toBe(0);
    expect(second.outputs["previous-revision"]).toBe(first.outputs.revision);

    const rollbackInputs = {
      environment: "qa",
      to: "",
      reason: "homepage broken",
      force: "false",
      "migrate-back": "false",
      "dry-run": "false",
      "config-dir": "environments",
      "github-token": github.token,
    };
    const back = await runBundledAction("rollback", rollbackInputs, env(), dispatch({ environment: "qa", reason: "homepage broken" }));
    if (back.code !== 0) console.log(back.stdout);
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    expect(back.outputs.revision).toBe(first.outputs.revision);
    expect(back.outputs["release-id"]).toBe("0000001-000001");
    expect(back.summary).toContain("## Runway rollback of qa: ✅ rolled back");
    expect(back.summary).toContain("homepage broken");
    const qaDeployments = github.deployments.filter((d) => d.environment === "qa");
    expect(qaDeployments.map((d) => d.ref)).toEqual([sha(1), sha(2), sha(1)]);
    expect(github.statuses(qaDeployments.at(-1)?.id as number).at(-1)?.state).toBe("success");
    expect(github.violations).toEqual([]);

    const status = await runBundledAction("status", { environment: "", "config-dir": "environments" }, env());
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.outputs.status as string) as {
      environment: string;
      live?: { release: string };
      waiting?: { release: string };
      held?: { release: string; reason?: string };
    }[];
    // qa rolled release 2 back: it is held there, not waiting, with the rollback's reason.
    expect(parsed.map((s) => [s.environment, s.live?.release, s.waiting?.release])).toEqual([
      ["dev", "0000002-000002", undefined],
      ["qa", "0000001-000001", undefined],
      ["prod", undefined, "0000001-000001"],
    ]);
    expect(parsed[1]?.held).toEqual(expect.objectContaining({ release: "0000002-000002", reason: "homepage broken" }));
    expect(status.summary).toContain("```mermaid");
  });

  it("refuses a rollback with nothing earlier, naming why, with no write", async () => {
    expect((await deployDev(1)).code).toBe(0);
    const before = (await fx.calls()).length;
    const run = await runBundledAction(
      "rollback",
      {
        environment: "dev",
        to: "",
        reason: "",
        force: "false",
        "migrate-back": "false",
        "dry-run": "false",
        "config-dir": "environments",
        "github-token": "",
      },
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::dev has no earlier release recorded to roll back to");
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
  });
});
