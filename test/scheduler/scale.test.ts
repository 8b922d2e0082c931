// The benchmark's claim as a test: 200 declared schedules with 20 changed cost one ListJobs and
// exactly 20 UpdateJob calls, as the emulator's call log shows.
import { describe, expect, it } from "vitest";
import { syncSchedules } from "../../src/core/batch/sync.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { deps, schedule, scope, UPDATE_JOB, useRunJobs } from "./helpers.js";

const fx = useEmulator();
useRunJobs(fx);
const declared = (changed: number) =>
  Array.from({ length: 200 }, (_, i) => schedule(`s${String(i).padStart(3, "0")}`, { cron: i < changed ? "30 4 * * *" : "0 3 * * *" }));

describe.each(TRANSPORTS)("200 schedules over %s", (transport) => {
  it("updates the 20 that changed with 20 UpdateJob calls and nothing else", async () => {
    await syncSchedules(scope({ schedules: declared(0) }), deps(fx.clients[transport]));
    const since = (await fx.calls()).length;
    const result = await syncSchedules(scope({ schedules: declared(20) }), deps(fx.clients[transport]));
    expect(result.report?.applied).toHaveLength(20);
    const calls = (await fx.calls()).slice(since).map((c) => c.method.split("/")[1]);
    expect(calls.filter((m) => m === "UpdateJob")).toHaveLength(20);
    // One Scheduler ListJobs, and one Cloud Run ListJobs to check that the schedules' job exists.
    expect(calls.filter((m) => m !== "UpdateJob")).toEqual(["ListJobs", "ListJobs"]);
  });
});

describe("concurrency", () => {
  it("keeps at most 8 calls in flight, and more than one", async () => {
    await syncSchedules(scope({ schedules: declared(0) }), deps(fx.clients.grpc));
    // Each UpdateJob is held for a moment in the emulator so that overlapping calls show.
    const method = fx.emu.registry.methods.get(UPDATE_JOB)!;
    const handler = method.handler;
    let inFlight = 0;
    let most = 0;
    method.handler = async (request, ctx) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        return await handler(request, ctx);
      } finally {
        inFlight--;
      }
    };
    try {
      await syncSchedules(scope({ schedules: declared(40) }), deps(fx.clients.grpc));
    } finally {
      method.handler = handler;
    }
    expect(most).toBe(8);
  });
});
