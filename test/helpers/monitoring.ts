// The official Cloud Monitoring client against the emulator, on both transports, and the emulator's
// traffic control route. The client is never mocked: it speaks gRPC or HTTP/JSON to the emulator.
import type { protos } from "@google-cloud/monitoring";
import { MetricServiceClient } from "@google-cloud/monitoring/build/src/v3/metric_service_client.js";
import { afterAll } from "vitest";
import { emulatorOptions, type Transport } from "../../src/gcp/clients.js";
import type { EmulatorFixture } from "./emulator.js";

export type TimeSeries = protos.google.monitoring.v3.ITimeSeries;
export type ListTimeSeriesRequest = protos.google.monitoring.v3.IListTimeSeriesRequest;

export const PROJECT = "projects/demo-project";
export const COUNT = "run.googleapis.com/request_count";
export const LATENCIES = "run.googleapis.com/request_latencies";

/** MetricServiceClients for both transports, built on first use and closed after the file. */
export function useMonitoring(fx: EmulatorFixture): Record<Transport, MetricServiceClient> {
  const made: Partial<Record<Transport, MetricServiceClient>> = {};
  const client = (transport: Transport) => {
    made[transport] ??= new MetricServiceClient(emulatorOptions(transport === "grpc" ? fx.emu.grpc : fx.emu.http, transport));
    return made[transport];
  };
  afterAll(async () => {
    await Promise.all(Object.values(made).map((c) => c.close()));
  });
  return {
    get grpc() {
      return client("grpc");
    },
    get rest() {
      return client("rest");
    },
  };
}

/** A controllable emulator clock: pass `clock.now` as the emulator's `now`. */
export function manualClock(start = "2026-11-22T03:00:00Z") {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    set(iso: string) {
      now = Date.parse(iso);
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A filter on one metric of one Cloud Run service, and optionally more clauses. */
export const filterFor = (metric: string, service: string, ...more: string[]) =>
  [`metric.type = "${metric}"`, 'resource.type = "cloud_run_revision"', `resource.labels.service_name = "${service}"`, ...more].join(
    " AND ",
  );

export const timestamp = (iso: string) => ({ seconds: Math.floor(Date.parse(iso) / 1000), nanos: (Date.parse(iso) % 1000) * 1e6 });
export const millis = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(String(ts?.seconds ?? 0)) * 1000 + Math.round((ts?.nanos ?? 0) / 1e6);
/** int64 values arrive as strings (or Long); this reads any of them. */
export const int = (value: unknown) => Number(String(value ?? 0));

/** Sends synthetic traffic through POST /_emulator/traffic and waits for it to finish. */
export async function traffic(
  fx: EmulatorFixture,
  body: Record<string, unknown>,
): Promise<{ sent: number; statuses: Record<string, number> }> {
  return (await fx.control("/_emulator/traffic", { wait: true, ...body })) as { sent: number; statuses: Record<string, number> };
}
