// The emulator's Cloud Monitoring API (google.monitoring.v3.MetricService) over gRPC and REST through
// the official MetricServiceClient, serving Cloud Run's request metrics from the requests the emulator
// really answered. Sources for each behaviour: docs/emulator-fidelity.md, "Cloud Monitoring".
import { AlertPolicyServiceClient } from "@google-cloud/monitoring/build/src/v3/alert_policy_service_client.js";
import { describe, expect, it } from "vitest";
import { emulatorOptions } from "../../src/gcp/clients.js";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import {
  COUNT,
  filterFor,
  int,
  LATENCIES,
  type ListTimeSeriesRequest,
  manualClock,
  millis,
  PROJECT,
  type TimeSeries,
  timestamp,
  traffic,
  useMonitoring,
} from "../helpers/monitoring.js";
import { createService, get, shortName, split, updateService, withImage, withTraffic } from "../helpers/run.js";

const clock = manualClock();
const fx = useEmulator({ now: clock.now });
const monitoring = useMonitoring(fx);

const NOW = "2026-11-22T03:00:00.000Z";
const FIVE_MINUTES = { startTime: timestamp("2026-11-22T02:55:00Z"), endTime: timestamp(NOW) };

/** A service whose only revision runs `image`; returns the revision id. */
async function serviceWith(image: string, catalog: Record<string, unknown> = {}, id = "web"): Promise<{ revision: string; uri: string }> {
  await fx.control("/_emulator/images", { image, ...catalog });
  const svc = await createService(fx.clients.grpc.services, id, image);
  return { revision: shortName(svc.latestReadyRevision), uri: svc.uri as string };
}

const classOf = (series: TimeSeries) => series.metric?.labels?.response_code_class;

describe.each(TRANSPORTS)("Cloud Monitoring over %s", (transport) => {
  const m = () => monitoring[transport];
  const list = async (request: Omit<ListTimeSeriesRequest, "name">) => (await m().listTimeSeries({ name: PROJECT, ...request }))[0];

  it("counts a revision's requests by response class: errorRatio 0.04 fails exactly 20 of 500", async () => {
    clock.set(NOW);
    const { revision } = await serviceWith("flaky:1", { errorRatio: 0.04 });
    const sent = await traffic(fx, { service: `${PARENT}/services/web`, count: 500, windowMs: 300_000 });
    expect(sent.statuses).toEqual({ 200: 480, 500: 20 });

    const series = await list({
      filter: filterFor(COUNT, "web", `resource.labels.revision_name = "${revision}"`),
      interval: FIVE_MINUTES,
      aggregation: {
        alignmentPeriod: { seconds: 300 },
        perSeriesAligner: "ALIGN_DELTA",
        crossSeriesReducer: "REDUCE_SUM",
        groupByFields: ["metric.labels.response_code_class"],
      },
    });
    const byClass = Object.fromEntries(series.map((s) => [classOf(s), int(s.points?.[0]?.value?.int64Value)]));
    expect(byClass).toEqual({ "2xx": 480, "5xx": 20 });
    for (const s of series) {
      expect(s.metric?.type).toBe(COUNT);
      expect(s.resource).toMatchObject({ type: "cloud_run_revision", labels: {} });
      expect(String(s.metricKind)).toMatch(/^(DELTA|2)$/);
      expect(String(s.valueType)).toMatch(/^(INT64|2)$/);
      expect(s.points).toHaveLength(1);
      expect(millis(s.points?.[0]?.interval?.endTime)).toBe(Date.parse(NOW));
      expect(millis(s.points?.[0]?.interval?.startTime)).toBe(Date.parse(NOW) - 300_000);
    }

    // A filter on the class, and one_of on the code, select the same 20.
    const errors = await list({
      filter: filterFor(COUNT, "web", 'metric.labels.response_code_class = "5xx"', 'metric.labels.response_code = one_of("500", "503")'),
      interval: FIVE_MINUTES,
      aggregation: { alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM" },
    });
    expect(errors.map((s) => int(s.points?.[0]?.value?.int64Value))).toEqual([20]);
  });

  it("returns raw 60-second DELTA points newest first, one series per revision and response code", async () => {
    clock.set(NOW);
    const { revision } = await serviceWith("flaky:1", { errorRatio: 0.04 });
    await traffic(fx, { service: `${PARENT}/services/web`, count: 500, windowMs: 300_000 });
    const series = await list({ filter: filterFor(COUNT, "web"), interval: FIVE_MINUTES });
    expect(series.map((s) => s.metric?.labels)).toEqual([
      { response_code: "200", response_code_class: "2xx" },
      { response_code: "500", response_code_class: "5xx" },
    ]);
    const ok = series[0] as TimeSeries;
    expect(ok.resource?.labels).toEqual({
      project_id: "demo-project",
      service_name: "web",
      revision_name: revision,
      location: "asia-northeast3",
      configuration_name: "web",
    });
    const ends = (ok.points ?? []).map((p) => millis(p.interval?.endTime));
    expect(ends).toEqual([0, 1, 2, 3, 4].map((k) => Date.parse(NOW) - k * 60_000));
    for (const point of ok.points ?? []) expect(millis(point.interval?.endTime) - millis(point.interval?.startTime)).toBe(60_000);
    const total = (s: TimeSeries) => (s.points ?? []).reduce((sum, p) => sum + int(p.value?.int64Value), 0);
    expect(total(ok)).toBe(480);
    expect(total(series[1] as TimeSeries)).toBe(20);

    // A project the emulator has never seen is no error: it has no time series.
    expect((await m().listTimeSeries({ name: "projects/elsewhere", filter: filterFor(COUNT, "web"), interval: FIVE_MINUTES }))[0]).toEqual(
      [],
    );
  });

  it("aligns to periods ending at end_time, sums across series, and turns counts into rates", async () => {
    clock.set(NOW);
    await serviceWith("good:1");
    await traffic(fx, { service: `${PARENT}/services/web`, count: 500, windowMs: 300_000 });
    const [total] = await list({
      filter: filterFor(COUNT, "web"),
      interval: FIVE_MINUTES,
      aggregation: { alignmentPeriod: { seconds: 60 }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" },
    });
    expect((total?.points ?? []).map((p) => int(p.value?.int64Value))).toEqual([100, 100, 100, 100, 100]);
    expect(total?.metric?.labels ?? {}).toEqual({});

    // Periods end at end_time: 03:00:30 with 120 s periods groups the samples ending 02:59 and 03:00.
    const [shifted] = await list({
      filter: filterFor(COUNT, "web"),
      interval: { startTime: timestamp("2026-11-22T02:54:30Z"), endTime: timestamp("2026-11-22T03:00:30Z") },
      aggregation: { alignmentPeriod: { seconds: 120 }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" },
    });
    expect((shifted?.points ?? []).map((p) => [new Date(millis(p.interval?.endTime)).toISOString(), int(p.value?.int64Value)])).toEqual([
      ["2026-11-22T03:00:30.000Z", 200],
      ["2026-11-22T02:58:30.000Z", 200],
      ["2026-11-22T02:56:30.000Z", 100],
    ]);

    const [rate] = await list({
      filter: filterFor(COUNT, "web"),
      interval: FIVE_MINUTES,
      aggregation: { alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM" },
    });
    expect(String(rate?.metricKind)).toMatch(/^(GAUGE|1)$/);
    expect(String(rate?.valueType)).toMatch(/^(DOUBLE|3)$/);
    expect(rate?.points?.[0]?.value?.doubleValue).toBeCloseTo(500 / 300);
    // A GAUGE point's start equals its end.
    expect(millis(rate?.points?.[0]?.interval?.startTime)).toBe(Date.parse(NOW));
  });

  it("reflects extraLatencyMs in latency percentiles, per revision, from exponential buckets", async () => {
    clock.set(NOW);
    const fast = await serviceWith("fast:1");
    await fx.control("/_emulator/images", { image: "slow:2", extraLatencyMs: 200 });
    const svc = await updateService(fx.clients.grpc.services, `${PARENT}/services/web`, withImage("slow:2"));
    const slow = shortName(svc.latestReadyRevision);
    await updateService(
      fx.clients.grpc.services,
      `${PARENT}/services/web`,
      withTraffic(
        split([
          [fast.revision, 50],
          [slow, 50],
        ]),
      ),
    );
    await traffic(fx, { service: `${PARENT}/services/web`, count: 64, windowMs: 60_000 });

    const percentile = async (reducer: "REDUCE_PERCENTILE_50" | "REDUCE_PERCENTILE_95" | "REDUCE_PERCENTILE_99") =>
      Object.fromEntries(
        (
          await list({
            filter: filterFor(LATENCIES, "web"),
            interval: { startTime: timestamp("2026-11-22T02:59:00Z"), endTime: timestamp(NOW) },
            aggregation: {
              alignmentPeriod: { seconds: 60 },
              perSeriesAligner: "ALIGN_DELTA",
              crossSeriesReducer: reducer,
              groupByFields: ["resource.labels.revision_name"],
            },
          })
        ).map((s) => [s.resource?.labels?.revision_name, s.points?.[0]?.value?.doubleValue as number]),
      );
    const p50 = await percentile("REDUCE_PERCENTILE_50");
    const p95 = await percentile("REDUCE_PERCENTILE_95");
    // 200 ms and a little lies in the bucket [1.4^15, 1.4^16) = [155.6, 217.8) ms; Monitoring
    // interpolates inside the bucket, so the median reads below the 200 ms every request took.
    expect(p50[slow]).toBeGreaterThan(155);
    expect(p95[slow]).toBeGreaterThanOrEqual(p50[slow] as number);
    expect(p95[slow]).toBeLessThan(1.4 ** 17);
    expect(p95[fast.revision]).toBeLessThan(60);

    // ALIGN_PERCENTILE_99 per series, and ALIGN_DELTA keeps the distribution itself.
    const [aligned] = await list({
      filter: filterFor(LATENCIES, "web", `resource.labels.revision_name = "${slow}"`),
      interval: { startTime: timestamp("2026-11-22T02:59:00Z"), endTime: timestamp(NOW) },
      aggregation: { alignmentPeriod: { seconds: 60 }, perSeriesAligner: "ALIGN_PERCENTILE_99" },
    });
    expect(aligned?.points?.[0]?.value?.doubleValue).toBeGreaterThan(155);
    const [raw] = await list({ filter: filterFor(LATENCIES, "web", `resource.labels.revision_name = "${slow}"`), interval: FIVE_MINUTES });
    expect(String(raw?.valueType)).toMatch(/^(DISTRIBUTION|5)$/);
    const distribution = raw?.points?.[0]?.value?.distributionValue;
    expect(int(distribution?.count)).toBe(32);
    expect(distribution?.mean).toBeGreaterThanOrEqual(200);
    expect(distribution?.bucketOptions?.exponentialBuckets).toEqual({ numFiniteBuckets: 66, growthFactor: 1.4, scale: 1 });
    expect((distribution?.bucketCounts ?? []).reduce((sum: number, n) => sum + int(n), 0)).toBe(32);
  });

  it("pages by points under FULL and by series under HEADERS, with tokens bound to the request", async () => {
    clock.set(NOW);
    await serviceWith("flaky:1", { errorRatio: 0.04 });
    await traffic(fx, { service: `${PARENT}/services/web`, count: 500, windowMs: 300_000 });
    const request = { name: PROJECT, filter: filterFor(COUNT, "web"), interval: FIVE_MINUTES, pageSize: 3 };
    const [first, next] = await m().listTimeSeries(request, { autoPaginate: false });
    expect(first.flatMap((s) => s.points ?? [])).toHaveLength(3);
    expect(next?.pageToken).toBeTruthy();
    // Every point comes exactly once across the pages, series continuing from page to page.
    const all = [];
    for await (const series of m().listTimeSeriesAsync(request)) all.push(series);
    expect(all.flatMap((s) => s.points ?? []).reduce((sum, p) => sum + int(p.value?.int64Value), 0)).toBe(500);
    expect(
      (
        await rpcFailure(
          m().listTimeSeries({ ...request, filter: filterFor(COUNT, "other"), pageToken: next?.pageToken ?? "" }, { autoPaginate: false }),
        )
      ).code,
    ).toBe("INVALID_ARGUMENT");

    const [headers, more] = await m().listTimeSeries({ ...request, view: "HEADERS", pageSize: 1 }, { autoPaginate: false });
    expect(headers).toHaveLength(1);
    expect(headers[0]?.points ?? []).toEqual([]);
    expect(more?.pageToken).toBeTruthy();
  });

  it("records real requests at the emulator's time, and serves the two metric descriptors", async () => {
    clock.set("2026-11-22T03:00:10Z");
    const { uri } = await serviceWith("good:1");
    expect((await get(`${uri}/`)).status).toBe(200);
    const series = await list({ filter: filterFor(COUNT, "web"), interval: { endTime: timestamp("2026-11-22T03:01:00Z") } });
    expect(series.map((s) => int(s.points?.[0]?.value?.int64Value))).toEqual([1]);

    const [descriptors] = await m().listMetricDescriptors({ name: PROJECT, filter: `metric.type = "${LATENCIES}"` });
    expect(descriptors.map((d) => d.type)).toEqual([LATENCIES]);
    const [count] = await m().getMetricDescriptor({ name: `${PROJECT}/metricDescriptors/${COUNT}` });
    expect(count.labels?.map((l) => l.key)).toEqual(["response_code", "response_code_class"]);
    expect(count.unit).toBe("1");
    expect((await rpcFailure(m().getMetricDescriptor({ name: `${PROJECT}/metricDescriptors/run.googleapis.com/nope` }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses what the emulator does not support with INVALID_ARGUMENT naming it", async () => {
    const refused = async (request: Omit<ListTimeSeriesRequest, "name">, text: RegExp) => {
      const failure = await rpcFailure(m().listTimeSeries({ name: PROJECT, ...request }));
      expect(failure.code).toBe("INVALID_ARGUMENT");
      expect(failure.message).toMatch(text);
    };
    const interval = FIVE_MINUTES;
    await refused({ filter: `${filterFor(COUNT, "web")} OR metric.type = "${LATENCIES}"`, interval }, /OR is not supported/);
    await refused({ filter: `metric.type = starts_with("run.googleapis.com/")`, interval }, /starts_with/);
    await refused({ filter: `${filterFor(COUNT, "web")} AND project = "demo-project"`, interval }, /"project" is not supported/);
    await refused({ filter: `${filterFor(COUNT, "web")} AND resource.labels.service_name != "x"`, interval }, /operator "!="/);
    await refused({ filter: 'metric.type = "run.googleapis.com/container/instance_count"', interval }, /not supported/);
    await refused({ filter: 'resource.type = "cloud_run_revision"', interval }, /single metric type/);
    await refused({ filter: filterFor(COUNT, "web"), interval: { startTime: timestamp(NOW) } }, /end_time/);
    await refused(
      { filter: filterFor(COUNT, "web"), interval, aggregation: { alignmentPeriod: { seconds: 60 }, perSeriesAligner: "ALIGN_MEAN" } },
      /ALIGN_MEAN is not supported/,
    );
    await refused(
      { filter: filterFor(COUNT, "web"), interval, aggregation: { alignmentPeriod: { seconds: 30 }, perSeriesAligner: "ALIGN_DELTA" } },
      /at least 60 seconds/,
    );
    await refused(
      {
        filter: filterFor(COUNT, "web"),
        interval,
        aggregation: { alignmentPeriod: { seconds: 60 }, perSeriesAligner: "ALIGN_PERCENTILE_95" },
      },
      /distribution values only/,
    );
    await refused(
      { filter: filterFor(COUNT, "web"), interval, aggregation: { crossSeriesReducer: "REDUCE_SUM" } },
      /requires a per_series_aligner/,
    );
  });

  it("answers an unserved method as an unknown one: UNIMPLEMENTED over gRPC, NOT_FOUND over REST", async () => {
    const expected = transport === "grpc" ? "UNIMPLEMENTED" : "NOT_FOUND";
    const alerts = new AlertPolicyServiceClient(emulatorOptions(transport === "grpc" ? fx.emu.grpc : fx.emu.http, transport));
    try {
      expect((await rpcFailure(m().createTimeSeries({ name: PROJECT, timeSeries: [] }))).code).toBe(expected);
      expect((await rpcFailure(m().listMonitoredResourceDescriptors({ name: PROJECT }, { autoPaginate: false }))).code).toBe(expected);
      expect((await rpcFailure(alerts.listAlertPolicies({ name: PROJECT }, { autoPaginate: false }))).code).toBe(expected);
    } finally {
      await alerts.close();
    }
  });
});

describe("synthetic traffic", () => {
  it("sends at a rate for a duration, or answers at once with a handle to await", async () => {
    clock.set(NOW);
    await serviceWith("good:1");
    const done = await traffic(fx, { service: `${PARENT}/services/web`, rate: 200, durationMs: 50 });
    expect(done).toMatchObject({ state: "DONE", planned: 10, sent: 10, statuses: { 200: 10 } });
    const started = (await fx.control("/_emulator/traffic", { service: `${PARENT}/services/web`, rate: 200, durationMs: 25 })) as {
      id: string;
    };
    expect(await fx.control(`/_emulator/traffic/${started.id}?wait=true`)).toMatchObject({ state: "DONE", sent: 5 });
    expect(((await fx.control("/_emulator/traffic")) as { runs: unknown[] }).runs).toHaveLength(2);
    // Each request of a rate run is recorded at the emulator's time when it arrived: 03:00:00 here.
    const [series] = await monitoring.grpc.listTimeSeries({
      name: PROJECT,
      filter: filterFor(COUNT, "web"),
      interval: { endTime: timestamp("2026-11-22T03:01:00Z") },
    });
    expect(series.map((s) => int(s.points?.[0]?.value?.int64Value))).toEqual([15]);
  });

  it("is bounded and goes to loopback URLs only", async () => {
    const refused = async (body: unknown, text: RegExp) => expect(fx.control("/_emulator/traffic", body)).rejects.toThrow(text);
    await refused({ service: `${PARENT}/services/web`, rate: 201, durationMs: 1000 }, /rate/);
    await refused({ service: `${PARENT}/services/web`, rate: 10, durationMs: 600_001 }, /durationMs/);
    await refused({ url: "http://example.com/", rate: 1, durationMs: 1000 }, /loopback/);
    await refused({ service: `${PARENT}/services/web`, count: 10, rate: 1 }, /not both/);
  });
});
