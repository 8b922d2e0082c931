// The benchmark's claim as a test: 200 declared schedules with 20 changed cost one ListJobs and
// exactly 20 UpdateJob calls, as the emulator's call log shows.
import { describe, expect, it } from "vitest";
import { syncSchedules } from "../../src/core/batch/sync.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { deps, schedule, scope } from "./helpers.js";

const fx = useEmulator();
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
    expect(calls.filter((m) => m !== "UpdateJob")).toEqual(["ListJobs"]);
  });
});
