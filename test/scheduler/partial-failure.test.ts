// A sync that fails part-way (one job's UpdateJob keeps answering UNAVAILABLE): the others are
// applied, the failure report says which, and a re-run once the fault is gone converges.
import { describe, expect, it } from "vitest";
import { SchedulerSyncFailure } from "../../src/core/batch/apply.js";
import { syncSchedules } from "../../src/core/batch/sync.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { deps, liveJobs, managedName, schedule, scope, UPDATE_JOB, writes, useRunJobs } from "./helpers.js";

const fx = useEmulator();
useRunJobs(fx);
const NAMES = ["s1", "s2", "s3", "s4", "s5", "s6"];

describe.each(TRANSPORTS)("a partial failure over %s", (transport) => {
  const sync = (cron: string) => syncSchedules(scope({ schedules: NAMES.map((n) => schedule(n, { cron })) }), deps(fx.clients[transport]));

  it("reports what changed before the failure, and a re-run converges", async () => {
    await sync("0 3 * * *");
    await fx.control("/_emulator/faults", { method: UPDATE_JOB, code: "UNAVAILABLE", times: -1, resource: managedName("s3") });

    const error = await sync("0 4 * * *").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchedulerSyncFailure);
    const report = (error as SchedulerSyncFailure).report;
    expect(report.failed).toEqual([
      expect.objectContaining({ schedule: "s3", action: "update schedule", error: expect.stringMatching(/UNAVAILABLE|Injected/) }),
    ]);
    expect(report.applied.map((a) => a.schedule).sort()).toEqual(["s1", "s2", "s4", "s5", "s6"]);
    expect((error as Error).message).toMatch(/1 scheduler change\(s\) failed.*5 applied/);
    const crons = new Map([...(await liveJobs(fx.clients[transport]))].map(([id, job]) => [id, job.schedule]));
    expect(crons.get("runway-qa-s3")).toBe("0 3 * * *");
    expect([...crons.values()].filter((c) => c === "0 4 * * *")).toHaveLength(5);

    await fx.control("/_emulator/faults", {}, "DELETE");
    const since = (await fx.calls()).length;
    const rerun = await sync("0 4 * * *");
    expect(rerun.plan.changes.map((c) => c.schedule)).toEqual(["s3"]);
    expect(await writes(fx, since)).toEqual(["UpdateJob runway-qa-s3"]);
    const third = await sync("0 4 * * *");
    expect(third.plan.changes).toEqual([]);
  });

  it("stops a job's later actions after its failure and re-runs them next time", async () => {
    await fx.control("/_emulator/faults", { method: "google.cloud.scheduler.v1.CloudScheduler/PauseJob", code: "UNAVAILABLE", times: -1 });
    const schedules = [schedule("quiet", { paused: true }), schedule("loud")];
    const error = (await syncSchedules(scope({ schedules }), deps(fx.clients[transport])).catch((e: unknown) => e)) as SchedulerSyncFailure;
    expect(error.report.applied.map((a) => `${a.action} ${a.schedule}`).sort()).toEqual(["create loud", "create quiet"]);
    expect(error.report.failed.map((a) => `${a.action} ${a.schedule}`)).toEqual(["pause quiet"]);
    await fx.control("/_emulator/faults", {}, "DELETE");
    const rerun = await syncSchedules(scope({ schedules }), deps(fx.clients[transport]));
    expect(rerun.plan.changes.map((c) => `${c.schedule}:${c.actions.map((a) => a.kind).join("+")}`)).toEqual(["quiet:pause"]);
    expect(String((await liveJobs(fx.clients[transport])).get("runway-qa-quiet")?.state)).toBe("PAUSED");
  });
});
