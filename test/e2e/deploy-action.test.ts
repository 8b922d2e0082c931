import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/action.js";
import { withoutMigrations } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();
let github: GitHubFake;
let workspace: string;
const webhook: { bodies: unknown[]; url: string; close: () => void } = { bodies: [], url: "", close: () => undefined };

beforeAll(async () => {
  github = await startGitHubFake();
  // A workspace holding the shipped environments; qa notifies the webhook named RUNWAY_WEBHOOK_URL.
  workspace = tempDir("runway-ws-");
  cpSync("environments", join(workspace, "environments"), { recursive: true });
  // The runner's clock is real: qa's two-minute canary wait is cut to keep the test short.
  const qa = join(workspace, "environments", "qa.yaml");
  writeFileSync(qa, readFileSync(qa, "utf8").replace(/wait: 2m/, "wait: 1s"));
  // No Django project here: an environment that declares migrations would be refused.
  for (const name of ["dev", "qa", "prod"]) {
    const file = join(workspace, "environments", `${name}.yaml`);
    writeFileSync(file, withoutMigrations(readFileSync(file, "utf8")));
  }
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      webhook.bodies.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhook.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  webhook.close = () => server.close();
});

afterAll(async () => {
  await github?.stop();
  webhook.close();
});

function env(extra: Record<string, string> = {}) {
  return {
    RUNWAY_EMULATOR_HOST: fx.emu.grpc,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_RUN_ID: "4242",
    GITHUB_WORKSPACE: workspace,
    RUNWAY_WEBHOOK_URL: webhook.url,
    ...extra,
  };
}

const inputs = (environment: string, n: number, extra: Record<string, string> = {}) => ({
  environment,
  image: digest(n),
  commit: sha(n),
  "dry-run": "false",
  "config-dir": "environments",
  "github-token": github.token,
  ...extra,
});

describe("dist/deploy/index.js run as the runner runs it", () => {
  it("deploys, sets the outputs, writes the job summary and mirrors a GitHub Deployment", async () => {
    const run = await runBundledAction("deploy", inputs("qa", 1), env(), { ref: "refs/heads/main" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.outputs.revision).toMatch(/^web-qa-0000001-[0-9a-f]{5}$/);
    expect(run.outputs["release-id"]).toBe("0000001-000001");
    expect(run.outputs.url).toBe(`${fx.emu.http}/run/demo-project/asia-northeast3/web-qa`);
    expect(run.outputs["tag-url"]).toContain("rel-0000001-000001---web-qa");
    expect(run.outputs["previous-revision"]).toBe("");
    expect(run.summary).toContain("## Runway deploy to qa: ✅ deployed");
    expect(run.summary).toContain("```mermaid");
    expect(run.stdout).toContain("::group::smoke checks");
    expect(github.violations).toEqual([]);
    const [deployment] = github.deployments;
    expect(deployment).toEqual(expect.objectContaining({ ref: sha(1), environment: "qa" }));
    expect(github.statuses(deployment?.id as number).map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(github.statuses(deployment?.id as number).at(-1)).toEqual(
      expect.objectContaining({ environment_url: run.outputs.url, log_url: "https://github.example/acme/shop/actions/runs/4242" }),
    );
    // The token reaches the runner only in its add-mask command, which the runner hides.
    expect(run.stdout.split("\n").filter((l) => l.includes(github.token) && !l.startsWith("::add-mask::"))).toEqual([]);
  });

  it("on a failing check restores traffic, fails with the step named, comments on the PR and calls the webhook", async () => {
    await runBundledAction("deploy", inputs("qa", 1), env());
    github.seedPull({ number: 12, title: "Break the homepage", author: "octocat", headSha: sha(2), mergeCommitSha: sha(2) });
    await fx.control("/_emulator/images", { image: digest(2), status: 500, body: "boom" });
    const run = await runBundledAction("deploy", inputs("qa", 2), env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::deploy to qa failed at smoke checks");
    expect(run.summary).toContain("failed at **smoke checks**");
    expect(run.summary).toContain("Traffic was restored");
    const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
    expect(service.trafficStatuses?.find((t) => Number(t.percent) === 100)?.revision).toMatch(/^web-qa-0000001-/);
    const failed = github.deployments.at(-1);
    expect(github.statuses(failed?.id as number).at(-1)?.state).toBe("failure");
    expect(github.comments(12).map((c) => c.body)).toEqual([
      expect.stringContaining("@octocat Runway: deploy of 0000002-000002 to qa failed at smoke checks"),
    ]);
    expect(JSON.stringify(webhook.bodies.at(-1))).toContain("smoke checks");
    expect(run.stdout.split("\n").filter((l) => l.includes(webhook.url) && !l.startsWith("::add-mask::"))).toEqual([]);
    expect(github.violations).toEqual([]);
  });

  it("marks the previous Deployment inactive when the next release succeeds", async () => {
    const first = await runBundledAction("deploy", inputs("qa", 5), env());
    const second = await runBundledAction("deploy", inputs("qa", 6), env());
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.outputs["previous-revision"]).toBe(first.outputs.revision);
    const [older, newer] = github.deployments.filter((d) => [sha(5), sha(6)].includes(d.ref));
    expect(github.statuses(older?.id as number).at(-1)?.state).toBe("inactive");
    expect(github.statuses(newer?.id as number).at(-1)?.state).toBe("success");
  });

  it("a dry run prints the plan and writes nothing", async () => {
    const run = await runBundledAction("deploy", inputs("qa", 3, { "dry-run": "true" }), env());
    expect(run.code).toBe(0);
    expect(run.summary).toContain("dry run: nothing changed");
    expect(run.stdout).toContain("step 100%");
    expect((await fx.calls()).filter((c) => c.mutating)).toEqual([]);
    expect(github.deployments.filter((d) => d.ref === sha(3))).toEqual([]);
  });

  it("bad input names the field, annotates the yaml line, and changes nothing", async () => {
    const run = await runBundledAction(
      "deploy",
      inputs("prod", 4, { image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:latest" }),
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::image: prod requires an image by digest");
    const missing = await runBundledAction("deploy", inputs("staging", 4), env());
    expect(missing.stdout).toMatch(/::error.*staging/);
    expect(await fx.calls()).toEqual([]);
  });
});
