// The `analysis:` and `bake:` blocks of a rollout: defaults, a step's fields over the rollout's,
// and one clear error naming the field for each mistake.
import { describe, expect, it } from "vitest";
import { parseEnvironment } from "../../src/core/config/load.js";
import { BASE, issuesOf, thrown } from "./helpers.js";

const FILE = "environments/prod.yaml";
const load = (yaml: string) => parseEnvironment(yaml, FILE);

describe("rollout analysis and bake", () => {
  it("merges a step's analysis over the rollout's, field by field, with the defaults filled in", () => {
    const env = load(
      `${BASE}rollout:\n  analysis:\n    max-5xx-ratio: 0.02\n    max-p95: 800ms\n    p95-vs-stable: 1.5x\n  steps:\n    - percent: 10\n      analysis:\n        min-requests: 20\n        too-little-traffic: pass\n    - percent: 100\n`,
    );
    const [first, last] = env.rollout.steps;
    expect(first?.analysis).toEqual({
      max5xxRatio: 0.02,
      maxLatencyMs: { p95: 800 },
      vsStable: { p95: 1.5 },
      minRequests: 20,
      maxWaitMs: 600_000,
      tooLittleTraffic: "pass",
    });
    expect(last?.analysis).toMatchObject({ max5xxRatio: 0.02, minRequests: 100, tooLittleTraffic: "fail" });
    expect(env.rollout.bake).toBeUndefined();
  });

  it("has no analysis unless asked, and a bake that inherits the rollout's thresholds", () => {
    expect(load(BASE).rollout.steps[0]?.analysis).toBeUndefined();
    const env = load(
      `${BASE}rollout:\n  analysis:\n    max-p99: 2s\n  bake:\n    duration: 30m\n    max-5xx-ratio: 0.005\n  steps:\n    - percent: 100\n`,
    );
    expect(env.rollout.bake).toEqual({
      durationMs: 1_800_000,
      analysis: expect.objectContaining({ max5xxRatio: 0.005, maxLatencyMs: { p99: 2000 } }),
    });
  });

  it("loads the commented example in prod.yaml once uncommented", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL("../../environments/prod.yaml", import.meta.url), "utf8");
    const [head, rest] = text.split(/^rollout:\n/m) as [string, string];
    const end = rest.indexOf("\nmigrations:");
    // Only "# key:" lines are YAML; the prose comments stay comments.
    const rollout = rest.slice(0, end).replace(/^(\s*)# ((?:\s*)[a-z0-9-]+:.*)$/gm, "$1$2");
    const env = load(`${head}rollout:\n${rollout}${rest.slice(end)}`);
    expect(env.rollout.steps[0]?.analysis).toMatchObject({ max5xxRatio: 0.01, minRequests: 50, vsStable: { p95: 1.5, p99: 2 } });
    expect(env.rollout.steps[1]?.analysis).toMatchObject({ minRequests: 100, maxLatencyMs: { p95: 800 } });
    expect(env.rollout.bake?.durationMs).toBe(1_800_000);
    expect(load(text).rollout.steps[0]?.analysis).toBeUndefined();
  });

  const refused: [title: string, yaml: string, field: string, message: RegExp][] = [
    ["a ratio above 1", "  analysis:\n    max-5xx-ratio: 4\n", "rollout.analysis.max-5xx-ratio", /between 0 and 1/],
    ["a percent string as ratio", '  analysis:\n    max-5xx-ratio: "1%"\n', "rollout.analysis.max-5xx-ratio", /number between 0 and 1/],
    ["a factor without x", "  analysis:\n    p95-vs-stable: 1.5\n", "rollout.analysis.p95-vs-stable", /factor like "1.5x"/],
    ["a factor below 1", "  analysis:\n    p50-vs-stable: 0.5x\n", "rollout.analysis.p50-vs-stable", /at least 1x/],
    ["a latency without unit", "  analysis:\n    max-p95: 800\n", "rollout.analysis.max-p95", /duration|string/],
    ["an unknown outcome", "  analysis:\n    too-little-traffic: wait\n", "rollout.analysis.too-little-traffic", /"fail" or "pass"/],
    ["a misspelt key", "  analysis:\n    max-p59: 1s\n", "rollout.analysis.max-p59", /unknown key "max-p59" \(did you mean/],
    ["a bake without duration", "  bake:\n    max-p95: 1s\n", "rollout.bake.duration", /required/],
  ];
  it.each(refused)("refuses %s, naming the field", (_title, block, field, message) => {
    const issues = issuesOf(thrown(() => load(`${BASE}rollout:\n${block}  steps:\n    - percent: 100\n`)));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toMatch(message);
    expect(issues[0]?.line).toBeGreaterThan(0);
  });
});
