// The canary verdict from numbers alone (src/core/analysis.ts).
import { describe, expect, it } from "vitest";
import { describeBreaches, judge, percentilesOf, type Signals } from "../../src/core/analysis.js";
import type { AnalysisSpec } from "../../src/core/config/types.js";

const spec = (over: Partial<AnalysisSpec> = {}): AnalysisSpec => ({
  max5xxRatio: 0.02,
  maxLatencyMs: { p95: 800 },
  vsStable: { p95: 1.5 },
  minRequests: 50,
  maxWaitMs: 600_000,
  tooLittleTraffic: "fail",
  ...over,
});
const signals = (requests: number, errors5xx: number, p95?: number): Signals => ({
  requests,
  errors5xx,
  latencyMs: p95 === undefined ? {} : { p95 },
});

describe("judge", () => {
  it("passes a canary within every limit, and says by what", () => {
    const j = judge(spec(), signals(100, 1, 120), signals(900, 0, 100));
    expect(j).toMatchObject({ enough: true, passed: true });
    expect(j.evidence).toEqual([
      { metric: "5xx ratio", unit: "%", canary: 1, stable: 0, limit: 2, threshold: "≤ 2%", verdict: "pass" },
      {
        metric: "p95",
        unit: "ms",
        canary: 120,
        stable: 100,
        limit: 150,
        threshold: "≤ 800 ms and ≤ 1.5× stable (150 ms)",
        verdict: "pass",
      },
    ]);
  });

  it("fails a 5xx ratio above the limit", () => {
    const j = judge(spec(), signals(100, 4, 100), signals(900, 0, 100));
    expect(j.passed).toBe(false);
    expect(describeBreaches(j.evidence)).toBe("5xx ratio 4% breaks ≤ 2%, stable 0%");
  });

  it("holds latency to the tighter of the absolute limit and the factor of stable", () => {
    expect(judge(spec(), signals(100, 0, 160), signals(900, 0, 100)).passed).toBe(false);
    expect(judge(spec(), signals(100, 0, 850), signals(900, 0, 700)).passed).toBe(false);
    expect(judge(spec(), signals(100, 0, 700), signals(900, 0, 600)).passed).toBe(true);
  });

  it("applies only the absolute limit when the stable revision is no baseline", () => {
    const j = judge(spec(), signals(100, 0, 700), signals(10, 0, 100));
    expect(j.passed).toBe(true);
    expect(j.evidence[1]).toMatchObject({ limit: 800, threshold: "≤ 800 ms and 1.5× stable: no baseline" });
    expect(judge(spec({ maxLatencyMs: {} }), signals(100, 0, 700)).evidence[1]?.verdict).toBe("no data");
  });

  it("judges nothing below min-requests", () => {
    expect(judge(spec(), signals(49, 0, 100), signals(900, 0, 100))).toMatchObject({ enough: false, passed: false });
  });

  it("reads only the percentiles with a limit", () => {
    expect(percentilesOf(spec({ maxLatencyMs: { p99: 1 }, vsStable: { p50: 2 } }))).toEqual(["p50", "p99"]);
    expect(percentilesOf(spec({ maxLatencyMs: {}, vsStable: {} }))).toEqual([]);
  });
});
