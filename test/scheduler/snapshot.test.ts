// Snapshot and restore: a release's batch jobs and schedules, recorded small enough for a
// revision annotation, and restored (rollback) from that JSON alone, with no YAML involved.
import { describe, expect, it } from "vitest";
import { readSnapshot, restoreSnapshot, scopeFromSnapshot, snapshot } from "../../src/core/batch/snapshot.js";
import { syncRelease } from "../../src/core/batch/sync.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { batchJob, bodyOf, deps, liveJobs, schedule, scope, writes } from "./helpers.js";

const fx = useEmulator();

const releaseA = scope({
  batch: [batchJob("report", { command: ["python", "manage.py", "report"], args: ["--v1"] })],
  schedules: [
    schedule("nightly", { target: { batch: "report", overrides: { args: ["--nightly"] } }, retry: { count: 3, minBackoffMs: 5_000, maxBackoffMs: 3_600_000, maxDoublings: 5, maxRetryDurationMs: 0 } }),
    schedule("weekly", { cron: "0 6 * * 1", paused: true }),
  ],
});
const releaseB = scope({
  batch: [batchJob("report", { command: ["python", "manage.py", "report"], args: ["--v2"], taskCount: 3 }), batchJob("export", { command: ["python", "manage.py", "export"] })],
  schedules: [schedule("nightly", { cron: "0 2 * * *", target: { batch: "report" } }), schedule("hourly", { cron: "0 * * * *", target: { batch: "export" } })],
});

describe("snapshot", () => {
  it("is small JSON that leaves config defaults out and reads back to the same definitions", () => {
    const snap = snapshot(releaseA, digest(1));
    const text = JSON.stringify(snap);
    expect(text.length).toBeLessThan(1200);
    expect(snap.schedules[1]).toEqual({ name: "weekly", cron: "0 6 * * 1", timeZone: "Asia/Seoul", target: { batch: "report" }, paused: true });
    const back = scopeFromSnapshot(readSnapshot(JSON.parse(text)));
    expect(back.batch).toEqual(releaseA.batch);
    expect(back.schedules).toEqual(releaseA.schedules);
    expect(back.service).toMatchObject({ name: "web-qa", env: releaseA.service.env, secrets: releaseA.service.secrets, serviceAccount: releaseA.service.serviceAccount });
  });

  it("refuses a malformed snapshot by field, before any call", () => {
    expect(() => readSnapshot({ v: 1, env: "qa", project: "demo-project", region: "asia-northeast3" })).toThrow(/snapshot\.image/);
    expect(() => readSnapshot({ v: 2 })).toThrow(/snapshot\.v/);
  });
});

describe.each(TRANSPORTS)("rollback restores a snapshot over %s", (transport) => {
  const clients = () => fx.clients[transport];
  const runJob = async (id: string) => (await clients().jobs.getJob({ name: `${PARENT}/jobs/${id}` }))[0];

  it("brings back the previous definitions and images, and removes what the newer release added", async () => {
    await syncRelease(releaseA, digest(1), deps(clients()));
    const stored = JSON.parse(JSON.stringify(snapshot(releaseA, digest(1))));
    const jobsA = await liveJobs(clients());
    await syncRelease(releaseB, digest(2), deps(clients()), { prune: true });
    expect([...(await liveJobs(clients())).keys()].sort()).toEqual(["runway-qa-hourly", "runway-qa-nightly"]);

    const restored = await restoreSnapshot(stored, deps(clients()));
    expect(restored.batch.map((r) => `${r.job}:${r.action}`)).toEqual(["report:update"]);
    const report = await runJob("report");
    expect(report.template?.template?.containers?.[0]).toMatchObject({ image: digest(1), args: ["--v1"] });
    expect(report.template?.taskCount).toBe(1);
    const jobs = await liveJobs(clients());
    expect([...jobs.keys()].sort()).toEqual(["runway-qa-nightly", "runway-qa-weekly"]);
    for (const id of ["runway-qa-nightly", "runway-qa-weekly"]) {
      const [before, after] = [jobsA.get(id), jobs.get(id)];
      expect({ ...after, userUpdateTime: null, scheduleTime: null }).toEqual({ ...before, userUpdateTime: null, scheduleTime: null });
    }
    expect(bodyOf(jobs.get("runway-qa-nightly"))).toContain("--nightly");
    expect(String(jobs.get("runway-qa-weekly")?.state)).toBe("PAUSED");
    // A batch job only the newer release declared is left in place (jobs are never pruned).
    expect((await runJob("export")).template?.template?.containers?.[0]?.image).toBe(digest(2));

    const since = (await fx.calls()).length;
    await restoreSnapshot(stored, deps(clients()));
    expect(await writes(fx, since)).toEqual([]);
  });
});
