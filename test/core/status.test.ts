import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { statusCommand } from "../../src/commands/status.js";
import { ANNOTATION_LEDGER, readLedger } from "../../src/core/ledger.js";
import { MemoryLogger } from "../../src/core/runtime.js";
import { workspace } from "../helpers/commands.js";
import { digest, fastClock, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

describe("runway status", () => {
  it("reports, per environment, the live release read from Cloud Run alone", async () => {
    const clock = fastClock(new Date("2026-11-22T03:00:00Z"));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock, clients: () => fx.clients.rest, fetch, env: {} };
    const root = workspace();
    const deployed = await deployCommand({ environment: "dev", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments", root }, ctx);
    await clock.sleep(3 * 3_600_000);
    const result = await statusCommand({ configDir: "environments", root }, ctx);
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
    const one = await statusCommand({ configDir: "environments", root, environment: "dev" }, ctx);
    expect(one.json).toHaveLength(1);
    await expect(statusCommand({ configDir: "environments", root, environment: "nope" }, ctx)).rejects.toThrow(/environment: no environment named "nope"/);
  });
});

// Regression (found by the hostile Cloud Run corpus): a ledger annotation that is not a ledger
// was read as empty, so the next deploy silently replaced the history, and some shapes (null,
// an entry without a time) crashed with a TypeError.
describe("a ledger annotation that is not a ledger", () => {
  const service = (text: string) => ({ name: "projects/p/locations/l/services/web-qa", annotations: { [ANNOTATION_LEDGER]: text } });
  const entry = { state: "healthy", at: "2026-11-22T03:00:00.000Z" };
  it.each([
    ["not JSON", "{not json", /not valid JSON/],
    ["null", "null", /not a JSON object/],
    ["an array", "[]", /not a JSON object/],
    ["an entry that is a string", JSON.stringify({ r: "healthy" }), /entry for "r" is not an object/],
    ["an unknown state", JSON.stringify({ r: { ...entry, state: "gone" } }), /entry for "r" has no known state/],
    ["a time that is a number", JSON.stringify({ r: { ...entry, at: 7 } }), /entry for "r" has no time/],
    ["larger than Cloud Run accepts", JSON.stringify({ r: { ...entry, reason: "x".repeat(260 * 1024) } }), /KiB, larger than/],
  ])("is refused by name: %s", (_what, text, why) => {
    expect(() => readLedger(service(text))).toThrow(expect.objectContaining({ name: "RefusalError" }));
    expect(() => readLedger(service(text))).toThrow(why);
    expect(() => readLedger(service(text))).toThrow(/runway\.dev\/ledger annotation of web-qa/);
  });
  it("reads a ledger, with no inherited members", () => {
    const ledger = readLedger(service(JSON.stringify({ r: entry })));
    expect(ledger.r).toEqual(entry);
    expect(ledger.constructor).toBeUndefined();
    expect(readLedger(undefined)).toEqual({});
  });
});
