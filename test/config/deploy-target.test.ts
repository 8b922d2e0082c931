// An Environment feeds the deploy engine through deployTarget; this fails to compile if either
// side's types drift, and fails if a field is dropped on the way.
import { describe, expect, it } from "vitest";
import { loadEnvironment } from "../../src/core/config/load.js";
import { deployTarget } from "../../src/core/deploy-target.js";

const ENVIRONMENTS = new URL("../../environments", import.meta.url).pathname;

describe("an Environment as a DeployTarget", () => {
  it("passes its service, checks, steps and freeze windows straight through", async () => {
    const env = await loadEnvironment(ENVIRONMENTS, "prod");
    const target = deployTarget(env);
    expect(target).toMatchObject({
      name: "prod",
      project: env.project,
      region: env.region,
      requireDigest: true,
      service: env.service,
      checks: env.checks,
    });
    expect(target.steps.map((step) => step.percent)).toEqual([10, 50, 100]);
    expect(target.freezeAt?.(new Date("2024-12-25T00:00:00Z"))?.reason).toBe("Year-end holidays 2024");
    expect(target.freezeAt?.(new Date("2024-11-01T00:00:00Z"))).toBeUndefined();
    expect(target.snapshotFor?.("img@sha256:1")).toBeTruthy();
  });
});
