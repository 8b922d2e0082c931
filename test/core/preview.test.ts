import { describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import { previewCommand } from "../../src/commands/preview.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { get } from "../helpers/run.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web-dev`;
const configDir = "environments";

async function traffic() {
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  return servedTraffic(service);
}

describe("pull-request previews", () => {
  it("deploys a PR at its tag with no traffic, moves the tag on push, and cleans up on close", async () => {
    const root = workspace();
    const ctx = () => commandContext(fx.clients.grpc);
    const live = await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const preview = (n: number) =>
      previewCommand(
        { action: "deploy", pr: "42", image: digest(n), commit: sha(n), fork: false, environment: "dev", configDir, root },
        ctx(),
      );

    const first = await preview(2);
    expect(first.outputs.tag).toBe("pr-42");
    expect(first.outputs.url).toMatch(/\/pr-42---web-dev$/);
    expect(JSON.parse((await get(first.outputs.url as string)).text).image).toBe(digest(2));
    expect((await traffic()).find((e) => e.percent === 100)?.revision).toBe(live.outputs.revision);

    const second = await preview(3);
    expect(second.outputs.revision).not.toBe(first.outputs.revision);
    expect((await traffic()).filter((e) => e.tag === "pr-42").map((e) => [e.revision, e.percent])).toEqual([[second.outputs.revision, 0]]);
    expect(JSON.parse((await get(second.outputs.url as string)).text).image).toBe(digest(3));

    const closed = await previewCommand({ action: "cleanup", pr: "42", fork: false, environment: "dev", configDir, root }, ctx());
    expect((await traffic()).some((e) => e.tag === "pr-42")).toBe(false);
    expect(closed.outputs.deleted).toContain(first.outputs.revision);
    expect((closed.json as { kept: { revision: string }[] }).kept.map((k) => k.revision)).toEqual([second.outputs.revision]);
    expect((await traffic()).find((e) => e.percent === 100)?.revision).toBe(live.outputs.revision);
  });

  it("a preview placed during a dev rollout neither breaks it nor is dropped by it", async () => {
    const root = workspace();
    const ctx = () => commandContext(fx.clients.grpc);
    await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir, root }, ctx());
    const { deploy } = await import("../../src/core/deploy.js");
    const { loadEnvironment } = await import("../../src/core/config/load.js");
    const { deployTarget } = await import("../../src/core/deploy-target.js");
    const env = await loadEnvironment(`${root}/environments`, "dev");
    const during = ctx();
    const result = await deploy(
      { target: deployTarget(env), image: digest(2), commit: sha(2), dryRun: false },
      {
        clients: fx.clients.grpc,
        clock: during.clock,
        logger: during.logger,
        fetch,
        checkRetryDelayMs: 1,
        hooks: {
          beforeTraffic: async () => {
            const preview = await previewCommand(
              { action: "deploy", pr: "5", image: digest(3), commit: sha(3), fork: false, environment: "dev", configDir, root },
              ctx(),
            );
            return `preview placed at ${preview.outputs.tag}`;
          },
        },
      },
    );
    expect(result.outcome).toBe("deployed");
    const after = await traffic();
    expect(after.find((e) => e.percent === 100)?.revision).toBe(result.revision);
    expect(after.some((e) => e.tag === "pr-5")).toBe(true);
  });

  it("skips a fork's PR without any call to Cloud Run", async () => {
    const result = await previewCommand(
      { action: "deploy", pr: "7", image: digest(2), commit: sha(2), fork: true, environment: "dev", configDir, root: workspace() },
      commandContext(fx.clients.grpc),
    );
    expect(result.outputs.skipped).toBe("true");
    expect(result.summary).toContain("comes from a fork");
    expect(await fx.calls()).toEqual([]);
  });

  it("refuses a PR number that is not one, before any call", async () => {
    for (const pr of ["0", "-1", "12; rm -rf /", "$(id)", "1".repeat(12)]) {
      const error = await previewCommand(
        { action: "deploy", pr, image: digest(2), commit: sha(2), fork: false, environment: "dev", configDir, root: workspace() },
        commandContext(fx.clients.grpc),
      ).catch((e) => e);
      expect(error.message).toMatch(/^pr: /);
    }
    expect(await fx.calls()).toEqual([]);
  });
});
