// An Environment feeds the deploy engine without conversion: this fails to compile if either
// side's types drift.
import { describe, expect, it } from "vitest";
import { activeFreeze } from "../../src/core/config/freeze.js";
import { loadEnvironment } from "../../src/core/config/load.js";
import type { DeployTarget } from "../../src/core/deploy.js";

const ENVIRONMENTS = new URL("../../environments", import.meta.url).pathname;

describe("an Environment as a DeployTarget", () => {
  it("passes its service, checks, steps and freeze windows straight through", async () => {
    const env = await loadEnvironment(ENVIRONMENTS, "prod");
    const target: DeployTarget = {
      name: env.name,
      project: env.project,
      region: env.region,
      requireDigest: env.requireDigest,
      service: env.service,
      checks: env.checks,
      steps: env.rollout.steps,
      freezeAt: (at) => activeFreeze(env, at),
    };
    expect(target.steps.map((step) => step.percent)).toEqual([10, 50, 100]);
    expect(target.freezeAt?.(new Date("2024-12-25T00:00:00Z"))?.reason).toBe("Year-end holidays 2024");
  });
});
