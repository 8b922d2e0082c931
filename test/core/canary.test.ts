// Canary analysis over both transports, against the emulator's Cloud Monitoring, which counts and
// times the requests it really served. Users are simulated by the clock: each sleep of Runway's
// (a step's wait, a retry's back-off) sends `perMinute` requests to the service, spread over the
// slept time on the emulator's clock (POST /_emulator/traffic, the `count` form), so minutes of
// traffic cost no wall-clock time.
import { describe, expect, it } from "vitest";
import { deploy, DeployFailure, type DeployTarget } from "../../src/core/deploy.js";
import type { AnalysisSpec } from "../../src/core/config/types.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { renderDeployFailure, renderDeploySummary } from "../../src/present/summary/index.js";
import { planText } from "../../src/present/terminal/index.js";
import type { Transport } from "../../src/gcp/clients.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";

const NAME = `${PARENT}/services/web`;

/** Runway's clock and the emulator's, one and the same; its sleeps bring users while they are on. */
function usersClock(start = "2026-11-22T03:00:00Z") {
  let now = Date.parse(start);
  const clock = {
    perMinute: 0,
    slept: [] as number[],
    now: () => new Date(now),
    async sleep(ms: number) {
      clock.slept.push(ms);
      const count = Math.round((clock.perMinute * ms) / 60_000);
      if (count > 0)
        await fx.control("/_emulator/traffic", { service: NAME, count, windowMs: ms, startTime: new Date(now).toISOString(), wait: true });
      now += ms;
    },
  };
  return clock;
}

const clock = usersClock();
const fx = useEmulator({ now: clock.now });

const spec = (over: Partial<AnalysisSpec> = {}): AnalysisSpec => ({
  max5xxRatio: 0.02,
  maxLatencyMs: {},
  vsStable: {},
  minRequests: 40,
  maxWaitMs: 180_000,
  tooLittleTraffic: "fail",
  ...over,
});

function canaryTarget(analysis: AnalysisSpec | undefined, over: Partial<DeployTarget> = {}): DeployTarget {
  return target({
    steps: [
      { percent: 10, waitMs: 60_000, checks: [], analysis },
      { percent: 50, waitMs: 60_000, checks: [], analysis },
      { percent: 100, waitMs: 0, checks: [], analysis },
    ],
    ...over,
  });
}

/** The live release (image 1) with a minute of users on it; returns its revision. */
async function stableRelease(transport: Transport): Promise<string> {
  clock.perMinute = 0;
  const v1 = await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport], { clock }));
  clock.perMinute = 600;
  await clock.sleep(120_000);
  return v1.revision;
}

async function release(transport: Transport, t: DeployTarget, catalog: Record<string, unknown> = {}) {
  await fx.control("/_emulator/images", { image: digest(2), ...catalog });
  const notices: string[] = [];
  const d = deps(fx.clients[transport], { clock, notify: async (n) => void notices.push(n.step) });
  const outcome = await deploy({ target: t, image: digest(2), commit: sha(2), dryRun: false }, d).catch((e: unknown) => e);
  return { outcome, notices, log: d.logger.lines.join("\n") };
}

async function served() {
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  return servedTraffic(service).filter((e) => e.percent > 0);
}

const failure = (outcome: unknown) => {
  expect(outcome).toBeInstanceOf(DeployFailure);
  return outcome as DeployFailure;
};

describe.each(TRANSPORTS)("canary analysis over %s", (transport) => {
  it("passes a good release that has traffic, step by step, with the evidence", async () => {
    const stable = await stableRelease(transport);
    const before = (await fx.calls()).length;
    const { outcome } = await release(transport, canaryTarget(spec({ maxLatencyMs: { p95: 500, p99: 900 }, vsStable: { p50: 3 } })));
    const result = outcome as Awaited<ReturnType<typeof deploy>>;
    // One ListTimeSeries per metric per check: request_count, and request_latencies once for all
    // three percentiles with a limit.
    const reads = (await fx.calls()).slice(before).filter((c) => c.method.endsWith("ListTimeSeries"));
    expect(reads).toHaveLength(3 * 2);
    expect(result.outcome).toBe("deployed");
    expect(result.analyses?.map((a) => [a.step, a.outcome, a.stable])).toEqual([
      ["traffic 10%", "passed", stable],
      ["traffic 50%", "passed", stable],
      ["traffic 100%", "passed", stable],
    ]);
    const first = result.analyses?.[0];
    expect(first?.canaryRequests).toBeGreaterThanOrEqual(40);
    expect(first?.stableRequests).toBeGreaterThan(first?.canaryRequests ?? 0);
    expect(first?.evidence.map((e) => [e.metric, e.verdict])).toEqual([
      ["5xx ratio", "pass"],
      ["p50", "pass"],
      ["p95", "pass"],
      ["p99", "pass"],
    ]);
    // Read from the one distribution: the percentiles are ordered, and the stable revision has its own.
    const latency = (metric: string) => first?.evidence.find((e) => e.metric === metric);
    expect(latency("p50")?.canary).toBeLessThanOrEqual(latency("p95")?.canary as number);
    expect(latency("p95")?.canary).toBeLessThanOrEqual(latency("p99")?.canary as number);
    expect(latency("p50")?.stable).toBeGreaterThan(0);
    expect(result.steps.find((s) => s.name === "traffic 10%")?.detail).toMatch(/analysis passed over \d+ requests/);
    const summary = renderDeploySummary(result);
    expect(summary).toMatch(/x-axis \["traffic 10%", "traffic 50%", "traffic 100%"\]/);
    expect(summary).toContain('title "p95 (ms): canary bars, stable and limit lines"');
  });

  it("rolls back at the first step a release whose error ratio is above the threshold", async () => {
    const stable = await stableRelease(transport);
    const { outcome, notices } = await release(transport, canaryTarget(spec()), { errorRatio: 0.04 });
    const error = failure(outcome);
    expect(error.step).toBe("traffic 10%");
    expect(error.message).toMatch(/canary analysis failed: 5xx ratio [\d.]+% breaks ≤ 2%, stable 0%/);
    expect(error.restored).toBe(true);
    expect(await served()).toEqual([expect.objectContaining({ revision: stable, percent: 100 })]);
    expect(error.result.analyses?.[0]).toMatchObject({ step: "traffic 10%", outcome: "failed" });
    expect(notices).toEqual(["traffic 10%"]);
    const summary = renderDeployFailure(error);
    expect(summary).toContain("### Canary analysis");
    expect(summary).toMatch(/\*\*traffic 10%\*\*: ❌ failed\. .* over 1 min, \d+ canary requests, \d+ stable\./);
    expect(summary).toMatch(/\| 5xx ratio \| [\d.]+% \| 0% \| ≤ 2% \| ❌ fail \|/);
    expect(summary).toMatch(
      /```mermaid\nxychart-beta\n {2}title "5xx ratio \(%\): canary bars, stable and limit lines"\n {2}x-axis \["traffic 10%"\]/,
    );
  });

  it("catches a latency regression against the stable revision", async () => {
    await stableRelease(transport);
    const { outcome } = await release(transport, canaryTarget(spec({ vsStable: { p95: 2 } })), { extraLatencyMs: 120 });
    const error = failure(outcome);
    expect(error.step).toBe("traffic 10%");
    expect(error.message).toMatch(/p95 \d+ ms breaks ≤ 2× stable \([\d.]+ ms\)/);
    const p95 = error.result.analyses?.[0]?.evidence.find((e) => e.metric === "p95");
    expect(p95?.canary).toBeGreaterThan(100);
  });

  it("waits for too little traffic, then fails or passes as configured", async () => {
    await stableRelease(transport);
    clock.perMinute = 0;
    const before = clock.now().getTime();
    const failed = await release(transport, canaryTarget(spec()));
    expect(failure(failed.outcome).message).toMatch(/not enough traffic to judge the canary: [0-2] requests after waiting/);
    // The step's minute, then max-wait (3 min) in rechecks, each announced in the log.
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(60_000 + 180_000);
    expect(failed.log).toMatch(/waiting for traffic to judge \([0-2] of 40 requests\)/);

    const passed = await release(transport, canaryTarget(spec({ tooLittleTraffic: "pass" })));
    const result = passed.outcome as Awaited<ReturnType<typeof deploy>>;
    expect(result.outcome).toBe("deployed");
    expect(result.analyses?.map((a) => a.outcome)).toEqual(Array(3).fill("passed: too little traffic"));
  });

  it("bakes at 100% against the previous release's baseline and rolls back a breach", async () => {
    const stable = await stableRelease(transport);
    const t = target({
      steps: [{ percent: 100, waitMs: 0, checks: [] }],
      bake: { durationMs: 120_000, analysis: spec({ max5xxRatio: 0.05 }) },
    });
    const { outcome, notices } = await release(transport, t, { errorRatio: 0.1 });
    const error = failure(outcome);
    expect(error.step).toBe("bake");
    expect(error.message).toMatch(/5xx ratio 9.9\d% breaks ≤ 5%, stable 0% \(\d+ requests in 120 s\)/);
    expect(error.result.analyses?.[0]).toMatchObject({ step: "bake", stable, baseline: expect.any(Object) });
    expect(error.result.analyses?.[0]?.stableRequests).toBeGreaterThan(100);
    expect(await served()).toEqual([expect.objectContaining({ revision: stable, percent: 100 })]);
    expect(notices).toEqual(["bake"]);
  });

  it("shows each step's thresholds and the bake in the plan, before anything is written", async () => {
    await stableRelease(transport);
    const t = canaryTarget(
      spec({ max5xxRatio: 0.01, maxLatencyMs: { p95: 800 }, vsStable: { p95: 1.5 }, minRequests: 100, maxWaitMs: 600_000 }),
      {
        bake: { durationMs: 1_800_000, analysis: spec({ max5xxRatio: 0.005, tooLittleTraffic: "pass" }) },
      },
    );
    const dry = await deploy({ target: t, image: digest(2), commit: sha(2), dryRun: true }, deps(fx.clients[transport], { clock }));
    expect(dry.plan.steps.map((s) => s.analysis?.minRequests)).toEqual([100, 100, 100]);
    expect(dry.plan.bake).toEqual(t.bake);
    const line = "5xx ≤ 1%, p95 ≤ 800ms and ≤ 1.5× stable, ≥ 100 requests (wait up to 10m, then fail)";
    const text = planText(dry.plan);
    expect(text).toContain(`  step  10%  `);
    expect(text.split("\n").filter((l) => l.trim() === `analysis: ${line}`)).toHaveLength(3);
    expect(text).toContain("bake         30m at 100%, 5xx ≤ 0.5%, ≥ 40 requests (wait up to 3m, then pass)");
    const summary = renderDeploySummary(dry);
    expect(summary).toContain("| step | traffic | wait | checks | analysis |");
    expect(summary).toMatch(new RegExp(`\\| 10% \\| .* \\| 1m \\| all \\| ${line.replace(/[().*]/g, "\\$&")} \\|`));
    expect(summary).toMatch(
      /\| bake \| 100% \(the release alone\) \| 30m \| {2}\| 5xx ≤ 0\.5%, ≥ 40 requests \(wait up to 3m, then pass\) \|/,
    );
    // A rollout without analysis keeps its four columns.
    const plain = await deploy(
      { target: target(), image: digest(3), commit: sha(3), dryRun: true },
      deps(fx.clients[transport], { clock }),
    );
    expect(planText(plain.plan)).not.toContain("analysis:");
    expect(renderDeploySummary(plain)).toContain("| step | traffic | wait | checks |\n");
  });

  it("retries a Monitoring fault, and fails the step with traffic restored when it persists", async () => {
    const stable = await stableRelease(transport);
    const method = "google.monitoring.v3.MetricService/ListTimeSeries";
    await fx.control("/_emulator/faults", { method, code: "UNAVAILABLE", times: 2 });
    const retried = await release(transport, canaryTarget(spec()));
    expect((retried.outcome as { outcome: string }).outcome).toBe("deployed");
    expect(retried.log).toMatch(/ListTimeSeries request_count web: UNAVAILABLE/);

    await stableRelease(transport);
    await fx.control("/_emulator/faults", { method, code: "UNAVAILABLE", times: -1 });
    const persistent = await release(transport, canaryTarget(spec()));
    const error = failure(persistent.outcome);
    expect(error.step).toBe("traffic 10%");
    expect(error.message).toMatch(/Cloud Monitoring could not be read, so the canary is not judged passed/);
    expect(error.restored).toBe(true);
    expect(await served()).toEqual([expect.objectContaining({ revision: stable, percent: 100 })]);
    expect(error.result.analyses).toEqual([]);
  });
});
