// Pause and resume around a migration. Jobs already paused (by config or by hand) must stay
// paused, including when the resume runs in a fresh process after a crash: each "process" here
// gets its own official clients and deps, so nothing is remembered in memory between them.
import { describe, expect, it } from "vitest";
import { SchedulerSyncFailure } from "../../src/core/batch/apply.js";
import { pauseManaged, resumeManaged } from "../../src/core/batch/hold.js";
import { syncSchedules } from "../../src/core/batch/sync.js";
import { createClients, type GcpClients, type Transport } from "../../src/gcp/clients.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { deps, type Job, liveJobs, managedName, schedule, scope, UPDATE_JOB, writes, useRunJobs } from "./helpers.js";

const fx = useEmulator();
useRunJobs(fx);
const SCHEDULES = [schedule("a"), schedule("b", { paused: true }), schedule("c"), schedule("d", { description: "Keeps the cache warm." })];

/** A new process: its own clients, logger and clock. */
async function inFreshProcess<T>(transport: Transport, run: (clients: GcpClients) => Promise<T>): Promise<T> {
  const clients = createClients({ emulatorHost: transport === "grpc" ? fx.emu.grpc : fx.emu.http, transport });
  try {
    return await run(clients);
  } finally {
    await clients.close();
  }
}

const states = async (clients: GcpClients) =>
  Object.fromEntries(
    [...(await liveJobs(clients))].map(([id, j]: [string, Job]) => [
      id.replace("runway-qa-", ""),
      `${j.state}${/paused-by=runway/.test(String(j.description)) ? "*" : ""}`,
    ]),
  );

describe.each(TRANSPORTS)("pause and resume around a migration over %s", (transport) => {
  const clients = () => fx.clients[transport];

  /** a, c, d enabled; b paused by config; c then paused by hand. */
  async function setUp() {
    await syncSchedules(scope({ schedules: SCHEDULES }), deps(clients()));
    await clients().scheduler.pauseJob({ name: managedName("c") });
  }

  it("pauses what was running and resumes only that, from a fresh process", async () => {
    await setUp();
    const paused = await inFreshProcess(transport, (c) => pauseManaged(scope(), deps(c)));
    expect(paused.plan.changes.map((ch) => ch.schedule).sort()).toEqual(["a", "d"]);
    expect(paused.plan.untouched.map((u) => u.schedule).sort()).toEqual(["b", "c"]);
    expect(await states(clients())).toEqual({ a: "PAUSED*", b: "PAUSED", c: "PAUSED", d: "PAUSED*" });

    // The migration runs; the process that paused is gone. Another one resumes.
    const since = (await fx.calls()).length;
    const resumed = await inFreshProcess(transport, (c) => resumeManaged(scope(), deps(c)));
    expect(resumed.plan.changes.map((ch) => ch.schedule).sort()).toEqual(["a", "d"]);
    expect(await states(clients())).toEqual({ a: "ENABLED", b: "PAUSED", c: "PAUSED", d: "ENABLED" });
    expect((await writes(fx, since)).sort()).toEqual([
      "ResumeJob runway-qa-a",
      "ResumeJob runway-qa-d",
      "UpdateJob runway-qa-a",
      "UpdateJob runway-qa-d",
    ]);
    expect((await liveJobs(clients())).get("runway-qa-d")?.description).toBe("Keeps the cache warm. [runway env=qa]");
    // Resuming again changes nothing.
    expect((await resumeManaged(scope(), deps(clients()))).plan.changes).toEqual([]);
  });

  it("recovers from a crash between marking and pausing", async () => {
    await setUp();
    await fx.control("/_emulator/faults", {
      method: "google.cloud.scheduler.v1.CloudScheduler/PauseJob",
      code: "UNAVAILABLE",
      times: -1,
      resource: managedName("a"),
    });
    await expect(inFreshProcess(transport, (c) => pauseManaged(scope(), deps(c)))).rejects.toBeInstanceOf(SchedulerSyncFailure);
    expect(await states(clients())).toEqual({ a: "ENABLED*", b: "PAUSED", c: "PAUSED", d: "PAUSED*" });
    await fx.control("/_emulator/faults", {}, "DELETE");
    await inFreshProcess(transport, (c) => resumeManaged(scope(), deps(c)));
    expect(await states(clients())).toEqual({ a: "ENABLED", b: "PAUSED", c: "PAUSED", d: "ENABLED" });
  });

  it("recovers from a crash between resuming and unmarking", async () => {
    await setUp();
    await pauseManaged(scope(), deps(clients()));
    await fx.control("/_emulator/faults", { method: UPDATE_JOB, code: "UNAVAILABLE", times: -1, resource: managedName("a") });
    await expect(inFreshProcess(transport, (c) => resumeManaged(scope(), deps(c)))).rejects.toBeInstanceOf(SchedulerSyncFailure);
    expect(await states(clients())).toEqual({ a: "ENABLED*", b: "PAUSED", c: "PAUSED", d: "ENABLED" });
    await fx.control("/_emulator/faults", {}, "DELETE");
    const since = (await fx.calls()).length;
    await inFreshProcess(transport, (c) => resumeManaged(scope(), deps(c)));
    expect(await writes(fx, since)).toEqual(["UpdateJob runway-qa-a"]);
    expect(await states(clients())).toEqual({ a: "ENABLED", b: "PAUSED", c: "PAUSED", d: "ENABLED" });
  });

  it("keeps a held job paused through a sync, unless the config now pauses it itself", async () => {
    await setUp();
    await pauseManaged(scope(), deps(clients()));
    const sync = await syncSchedules(
      scope({ schedules: SCHEDULES.map((s) => (s.name === "d" ? { ...s, paused: true } : { ...s, cron: "0 5 * * *" })) }),
      deps(clients()),
    );
    expect(sync.plan.changes.find((c) => c.schedule === "a")?.note).toMatch(/kept paused/);
    // c was paused by hand and the config says enabled: the sync matches the config.
    expect(await states(clients())).toEqual({ a: "PAUSED*", b: "PAUSED", c: "ENABLED", d: "PAUSED" });
    await resumeManaged(scope(), deps(clients()));
    expect(await states(clients())).toEqual({ a: "ENABLED", b: "PAUSED", c: "ENABLED", d: "PAUSED" });
  });
});
