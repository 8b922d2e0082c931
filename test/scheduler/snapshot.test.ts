// Snapshot and restore: a release's batch jobs and schedules, recorded small enough for a
// revision annotation, and restored (rollback) from that JSON alone, with no YAML involved.
import { describe, expect, it } from "vitest";
import { restoreFromRevision } from "../../src/core/batch/rollback.js";
import { type BatchSnapshot, readSnapshot, restoreSnapshot, scopeFromSnapshot, snapshot } from "../../src/core/batch/snapshot.js";
import { syncRelease } from "../../src/core/batch/sync.js";
import { type ReleaseRecord, releaseAnnotation } from "../../src/core/ledger.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService } from "../helpers/run.js";
import { batchJob, bodyOf, deps, liveJobs, schedule, scope, writes } from "./helpers.js";

const fx = useEmulator();

const releaseA = scope({
  batch: [batchJob("report", { command: ["python", "manage.py", "report"], args: ["--v1"] })],
  schedules: [
    schedule("nightly", {
      target: { batch: "report", overrides: { args: ["--nightly"] } },
      retry: { count: 3, minBackoffMs: 5_000, maxBackoffMs: 3_600_000, maxDoublings: 5, maxRetryDurationMs: 0 },
    }),
    schedule("weekly", { cron: "0 6 * * 1", paused: true }),
  ],
});
const releaseB = scope({
  batch: [
    batchJob("report", { command: ["python", "manage.py", "report"], args: ["--v2"], taskCount: 3 }),
    batchJob("export", { command: ["python", "manage.py", "export"] }),
  ],
  schedules: [
    schedule("nightly", { cron: "0 2 * * *", target: { batch: "report" } }),
    schedule("hourly", { cron: "0 * * * *", target: { batch: "export" } }),
  ],
});

describe("snapshot", () => {
  it("is small JSON that leaves config defaults out and reads back to the same definitions", () => {
    const snap = snapshot(releaseA, digest(1));
    const text = JSON.stringify(snap);
    expect(text.length).toBeLessThan(1200);
    expect(snap.schedules[1]).toEqual({
      name: "weekly",
      cron: "0 6 * * 1",
      timeZone: "Asia/Seoul",
      target: { batch: "report" },
      paused: true,
    });
    const back = scopeFromSnapshot(readSnapshot(JSON.parse(text)));
    expect(back.batch).toEqual(releaseA.batch);
    expect(back.schedules).toEqual(releaseA.schedules);
    expect(back.service).toMatchObject({
      name: "web-qa",
      env: releaseA.service.env,
      secrets: releaseA.service.secrets,
      serviceAccount: releaseA.service.serviceAccount,
    });
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

describe("rollback's batch step", () => {
  const clients = () => fx.clients.grpc;
  // Typed as the ledger's record: a BatchSnapshot must fit ReleaseRecord.snapshot as it is.
  const record = (n: number, snap?: BatchSnapshot): ReleaseRecord => ({
    id: `rel-${n}`,
    commit: "c".repeat(40),
    image: digest(n),
    environment: "qa",
    createdAt: "2026-11-22T00:00:00Z",
    previousTraffic: [],
    ...(snap ? { snapshot: snap } : {}),
  });

  it("restores from the snapshot in the target revision's release record, and nothing else", async () => {
    const service = await createService(clients().services, "web-qa", digest(1), {
      template: { containers: [{ image: digest(1) }], annotations: releaseAnnotation(record(1, snapshot(releaseA, digest(1)))) },
    });
    await syncRelease(releaseB, digest(2), deps(clients()), { prune: true });
    const text = await restoreFromRevision(String(service.latestCreatedRevision), deps(clients()));
    expect(text).toBe("batch jobs: report updated; schedules: hourly delete, nightly update, weekly create+pause");
    expect((await liveJobs(clients())).get("runway-qa-weekly")?.state).toBe("PAUSED");
    expect((await clients().jobs.getJob({ name: `${PARENT}/jobs/report` }))[0].template?.template?.containers?.[0]?.image).toBe(digest(1));
  });

  it("leaves everything alone for a release recorded without a snapshot", async () => {
    const service = await createService(clients().services, "web-qa", digest(1), {
      template: { containers: [{ image: digest(1) }], annotations: releaseAnnotation(record(1)) },
    });
    const since = (await fx.calls()).length;
    expect(await restoreFromRevision(String(service.latestCreatedRevision), deps(clients()))).toMatch(/no batch snapshot recorded/);
    expect(await writes(fx, since)).toEqual([]);
  });
});
