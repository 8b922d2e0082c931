// Synthetic user traffic for a service URL, from POST /_emulator/traffic: bounded, loopback only.
//   {url | service, rate, durationMs}: `rate` requests a second for `durationMs`, on the wall clock;
//     each request is recorded at the emulator's time when it arrives.
//   {url | service, count, windowMs?, startTime?}: `count` requests sent at once (a few at a time),
//     recorded at times spread evenly over the window on the emulator's clock (by default the
//     `windowMs` before now), so that tests get minutes of traffic without waiting for them.
import { randomUUID } from "node:crypto";
import type { Emu } from "../context.js";
import { invalid } from "../errors.js";
import type { Json } from "../proto.js";

export const MAX_RATE = 200;
export const MAX_DURATION_MS = 10 * 60_000;
export const MAX_COUNT = MAX_RATE * (MAX_DURATION_MS / 1000);
/** How many requests of a `count` run are in flight at once. */
const CONCURRENCY = 32;
/** The header by which a `count` run tells the data plane when a request happened. */
export const TIME_HEADER = "x-emulator-request-time";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export interface TrafficPlan {
  url: string;
  rate?: number;
  durationMs?: number;
  count?: number;
  windowMs?: number;
  startTime?: number;
  wait: boolean;
}

export function parseTraffic(input: unknown, emu: Emu): TrafficPlan {
  const body = (input ?? {}) as Record<string, unknown>;
  const has = (key: string) => body[key] !== undefined;
  if (has("url") === has("service"))
    throw invalid("url", "give url (a service URL) or service (projects/P/locations/L/services/S), not both");
  let url: string;
  if (has("service")) {
    const match = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)$/.exec(String(body.service));
    if (!match) throw invalid("service", "must be projects/PROJECT/locations/LOCATION/services/SERVICE");
    url = emu.urls.service(match[1] as string, match[2] as string, match[3] as string);
  } else {
    let parsed: URL;
    try {
      parsed = new URL(String(body.url));
    } catch {
      throw invalid("url", "not a URL");
    }
    if (parsed.protocol !== "http:" || !LOOPBACK.has(parsed.hostname))
      throw invalid("url", "traffic goes to loopback http:// URLs only (the emulator's service URLs)");
    url = parsed.toString();
  }
  const number = (key: string, min: number, max: number, integer = false) => {
    const value = body[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
      throw invalid(key, `${integer ? "an integer" : "a number"} from ${min} to ${max}`);
    return value;
  };
  if (body.wait !== undefined && typeof body.wait !== "boolean") throw invalid("wait", "a boolean");
  const wait = body.wait === true;
  if (has("count")) {
    if (has("rate") || has("durationMs")) throw invalid("count", "give count (with windowMs), or rate and durationMs, not both");
    let startTime: number | undefined;
    if (has("startTime")) {
      startTime = Date.parse(String(body.startTime));
      if (Number.isNaN(startTime)) throw invalid("startTime", "an RFC 3339 timestamp");
    }
    return {
      url,
      count: number("count", 1, MAX_COUNT, true),
      windowMs: has("windowMs") ? number("windowMs", 0, MAX_DURATION_MS, true) : 60_000,
      startTime,
      wait,
    };
  }
  if (has("windowMs") || has("startTime")) throw invalid("windowMs", "only with count");
  return { url, rate: number("rate", 0.001, MAX_RATE), durationMs: number("durationMs", 1, MAX_DURATION_MS, true), wait };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  id: string;
  plan: TrafficPlan;
  planned: number;
  sent: number;
  statuses: Record<string, number>;
  failures: number;
  state: "RUNNING" | "DONE" | "STOPPED";
  done: Promise<void>;
  stopped: boolean;
}

export class Traffic {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly emu: Emu) {}

  start(plan: TrafficPlan): Run {
    const planned = plan.count ?? Math.max(1, Math.round(((plan.rate as number) * (plan.durationMs as number)) / 1000));
    const run: Run = {
      id: randomUUID(),
      plan,
      planned,
      sent: 0,
      statuses: {},
      failures: 0,
      state: "RUNNING",
      done: Promise.resolve(),
      stopped: false,
    };
    const send = async (headers: Record<string, string>) => {
      run.sent++;
      try {
        const response = await fetch(plan.url, { headers: { "user-agent": "runway-emulator-traffic", ...headers } });
        await response.arrayBuffer();
        run.statuses[response.status] = (run.statuses[response.status] ?? 0) + 1;
      } catch {
        run.failures++;
      }
    };
    run.done = (async () => {
      if (plan.count !== undefined) {
        const start = plan.startTime ?? this.emu.now().getTime() - (plan.windowMs as number);
        let next = 0;
        const worker = async () => {
          while (next < planned && !run.stopped) {
            const i = next++;
            await send({ [TIME_HEADER]: String(start + Math.floor((i * (plan.windowMs as number)) / planned)) });
          }
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, planned) }, worker));
      } else {
        const began = performance.now();
        const inFlight: Promise<void>[] = [];
        for (let i = 0; i < planned && !run.stopped; i++) {
          const due = began + (i * 1000) / (plan.rate as number);
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          if (run.stopped) break;
          inFlight.push(send({}));
        }
        await Promise.all(inFlight);
      }
      run.state = run.stopped ? "STOPPED" : "DONE";
    })();
    this.runs.set(run.id, run);
    return run;
  }

  get(id: string): Run | undefined {
    return this.runs.get(id);
  }

  list(): Run[] {
    return [...this.runs.values()];
  }

  stop(run: Run): Promise<void> {
    run.stopped = true;
    return run.done;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((run) => this.stop(run)));
    this.runs.clear();
  }
}

export function summary(run: Run): Json {
  const { plan } = run;
  return {
    id: run.id,
    state: run.state,
    url: plan.url,
    ...(plan.count !== undefined
      ? { count: plan.count, windowMs: plan.windowMs as number }
      : { rate: plan.rate as number, durationMs: plan.durationMs as number }),
    planned: run.planned,
    sent: run.sent,
    statuses: run.statuses,
    failures: run.failures,
  };
}
