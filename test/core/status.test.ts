import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { statusCommand } from "../../src/commands/status.js";
import { MemoryLogger } from "../../src/core/runtime.js";
import { digest, fastClock, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

describe("runway status", () => {
  it("reports, per environment, the live release read from Cloud Run alone", async () => {
    const clock = fastClock(new Date("2026-11-22T03:00:00Z"));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock, clients: () => fx.clients.rest, fetch, env: {} };
    const deployed = await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments" }, ctx);
    await clock.sleep(3 * 3_600_000);
    const result = await statusCommand({ configDir: "environments" }, ctx);
    const [dev, qa, prod] = result.json as Record<string, any>[];
    expect(dev).toEqual({
      environment: "dev",
      project: "demo-project",
      region: "asia-northeast3",
      service: "projects/demo-project/locations/asia-northeast3/services/web-dev",
      url: deployed.outputs.url,
      live: { revision: deployed.outputs.revision, image: digest(1), commit: sha(1), release: "0000001-000001", deployedAt: "2026-11-22T03:00:00.000Z", state: "healthy" },
      traffic: [{ revision: deployed.outputs.revision, percent: 100, tag: "rel-0000001-000001" }],
    });
    expect(qa).toEqual({ environment: "qa", project: "demo-project", region: "asia-northeast3", service: "projects/demo-project/locations/asia-northeast3/services/web-qa", traffic: [], waiting: { release: "0000001-000001", from: "dev" } });
    expect(prod?.waiting).toBeUndefined();
    expect(prod?.environment).toBe("prod");
    expect(result.summary).toContain("| dev | <code>0000001-000001</code>");
    expect(result.summary).toContain("3 h");
    expect(result.summary).toContain('e0["dev: 0000001-000001"]');
    const one = await statusCommand({ configDir: "environments", environment: "dev" }, ctx);
    expect(one.json).toHaveLength(1);
    await expect(statusCommand({ configDir: "environments", environment: "nope" }, ctx)).rejects.toThrow(/environment: no environment named "nope"/);
  });
});
