// The scheduler sync against the emulator, over both transports of the official client:
// create, update one field (only its mask is sent), pause by config, prune, dry run.
import { beforeAll, describe, expect, it } from "vitest";
import { syncRelease, syncSchedules } from "../../src/core/batch/sync.js";
import type { Schedule } from "../../src/core/config/types.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService } from "../helpers/run.js";
import { bodyOf, captureMasks, deps, liveJobs, managedName, SA, schedule, scope, stateOf, writes, useRunJobs } from "./helpers.js";

const fx = useEmulator();
useRunJobs(fx);
let masks: string[] = [];
beforeAll(() => {
  masks = captureMasks(fx);
});

const DECLARED: Schedule[] = [
  schedule("nightly", {
    target: { batch: "report", overrides: { args: ["--full"], env: { MODE: "nightly" }, taskCount: 2 } },
    retry: { count: 2, minBackoffMs: 10_000, maxBackoffMs: 600_000, maxDoublings: 3, maxRetryDurationMs: 0 },
  }),
  schedule("hourly", {
    cron: "0 * * * *",
    timeZone: "Etc/UTC",
    target: { http: { path: "/tasks/hourly", method: "POST", body: '{"x":1}', headers: { "Content-Type": "application/json" } } },
    attemptDeadlineMs: 60_000,
  }),
  schedule("weekly", { cron: "30 6 * * 1", description: "Weekly digest." }),
];

describe.each(TRANSPORTS)("scheduler sync over %s", (transport) => {
  const clients = () => fx.clients[transport];
  const sync = (schedules: Schedule[], options: { prune?: boolean; dryRun?: boolean } = {}) =>
    syncSchedules(scope({ schedules }), deps(clients()), options);

  it("creates, updates one field by mask, pauses by config, prunes, and dry-runs without writing", async () => {
    const service = await createService(clients().services, "web-qa");

    // create
    const created = await sync(DECLARED);
    expect(created.plan.changes.map((c) => `${c.schedule}:${c.actions.map((a) => a.kind).join("+")}`)).toEqual([
      "hourly:create",
      "nightly:create",
      "weekly:create",
    ]);
    expect(created.plan.changes.every((c) => c.nextRuns.length === 3)).toBe(true);
    let jobs = await liveJobs(clients());
    const nightly = jobs.get("runway-qa-nightly");
    expect(nightly).toMatchObject({ schedule: "0 3 * * *", timeZone: "Asia/Seoul", state: "ENABLED", description: "[runway env=qa]" });
    expect(nightly?.httpTarget).toMatchObject({
      uri: "https://run.googleapis.com/v2/projects/demo-project/locations/asia-northeast3/jobs/report:run",
      httpMethod: "POST",
      oauthToken: { serviceAccountEmail: SA, scope: "https://www.googleapis.com/auth/cloud-platform" },
    });
    expect(JSON.parse(bodyOf(nightly))).toEqual({
      overrides: { containerOverrides: [{ args: ["--full"], env: [{ name: "MODE", value: "nightly" }] }], taskCount: 2 },
    });
    expect(nightly?.retryConfig).toMatchObject({ retryCount: 2, maxDoublings: 3 });
    const hourly = jobs.get("runway-qa-hourly");
    expect(hourly?.httpTarget).toMatchObject({
      uri: `${service.uri}/tasks/hourly`,
      oidcToken: { serviceAccountEmail: SA, audience: service.uri },
    });
    expect(Number(hourly?.attemptDeadline?.seconds)).toBe(60);
    expect(jobs.get("runway-qa-weekly")?.description).toBe("Weekly digest. [runway env=qa]");

    // update one field: only its path is in the mask
    let since = (await fx.calls()).length;
    masks.length = 0;
    const changed = DECLARED.map((s) => (s.name === "nightly" ? { ...s, cron: "15 4 * * *" } : s));
    const updated = await sync(changed);
    expect(updated.plan.changes).toHaveLength(1);
    expect(updated.plan.changes[0]?.fields).toEqual([{ path: "schedule", before: "0 3 * * *", after: "15 4 * * *" }]);
    expect(updated.plan.changes[0]?.nextRuns[0]).toMatch(/ 04:15 GMT\+09:00$/);
    expect(await writes(fx, since)).toEqual(["UpdateJob runway-qa-nightly"]);
    expect(masks).toEqual(["schedule"]);
    jobs = await liveJobs(clients());
    expect(jobs.get("runway-qa-nightly")).toMatchObject({ schedule: "15 4 * * *", timeZone: "Asia/Seoul" });
    expect(bodyOf(jobs.get("runway-qa-nightly"))).toBe(bodyOf(nightly));

    // pause by config
    since = (await fx.calls()).length;
    const paused = changed.map((s) => (s.name === "weekly" ? { ...s, paused: true } : s));
    await sync(paused);
    expect(await writes(fx, since)).toEqual(["PauseJob runway-qa-weekly"]);
    expect(stateOf((await liveJobs(clients())).get("runway-qa-weekly"))).toBe("PAUSED");

    // an undeclared managed job is kept without prune, deleted with it
    since = (await fx.calls()).length;
    const fewer = paused.filter((s) => s.name !== "hourly");
    const kept = await sync(fewer);
    expect(kept.plan.undeclared).toEqual(["hourly"]);
    expect(await writes(fx, since)).toEqual([]);
    await sync(fewer, { prune: true });
    expect(await writes(fx, since)).toEqual(["DeleteJob runway-qa-hourly"]);
    expect([...(await liveJobs(clients())).keys()].sort()).toEqual(["runway-qa-nightly", "runway-qa-weekly"]);

    // a dry run plans every change and writes nothing
    since = (await fx.calls()).length;
    const dry = await sync(DECLARED, { dryRun: true, prune: true });
    expect(dry.report).toBeUndefined();
    expect(dry.plan.changes.map((c) => `${c.schedule}:${c.actions.map((a) => a.kind).join("+")}`)).toEqual([
      "hourly:create",
      "nightly:update",
      "weekly:resume",
    ]);
    expect(await writes(fx, since)).toEqual([]);

    // and a sync of what is live changes nothing
    since = (await fx.calls()).length;
    const same = await sync(fewer, { prune: true });
    expect(same.plan.changes).toEqual([]);
    expect(same.plan.unchanged.sort()).toEqual(["nightly", "weekly"]);
    expect(await writes(fx, since)).toEqual([]);
  });

  it("leaves unmanaged jobs alone, even with prune and a look-alike id", async () => {
    const scheduler = clients().scheduler;
    const target = { uri: "https://example.com/hook" };
    const byHand = [
      { name: managedName("x").replace("runway-qa-x", "cleanup-by-hand"), schedule: "0 1 * * *", httpTarget: target },
      { name: managedName("lookalike"), schedule: "0 1 * * *", httpTarget: target, description: "made by hand" },
      { name: managedName("eu-report"), schedule: "0 1 * * *", httpTarget: target, description: "[runway env=qa-eu]" },
    ];
    for (const job of byHand) await scheduler.createJob({ parent: job.name.split("/jobs/")[0], job });
    const before = await liveJobs(clients());
    const since = (await fx.calls()).length;
    const result = await sync([schedule("nightly")], { prune: true });
    // runway-qa-eu-report carries qa-eu's marker: another environment's managed job, not "unmanaged".
    expect(result.plan.unmanaged.sort()).toEqual(["cleanup-by-hand", "runway-qa-lookalike"]);
    expect(await writes(fx, since)).toEqual(["CreateJob"]);
    const after = await liveJobs(clients());
    for (const id of before.keys()) expect(after.get(id)).toEqual(before.get(id));
  });

  it("refuses, before any write, a declared schedule whose job id is taken by an unmanaged job", async () => {
    await clients().scheduler.createJob({
      parent: managedName("x").split("/jobs/")[0],
      job: { name: managedName("nightly"), schedule: "0 1 * * *", httpTarget: { uri: "https://example.com/" } },
    });
    const since = (await fx.calls()).length;
    await expect(sync([schedule("nightly"), schedule("other")])).rejects.toThrow(/not managed by Runway.*runway-qa-nightly/);
    expect(await writes(fx, since)).toEqual([]);
  });

  it("refuses, before any write, a schedule whose Cloud Run job does not exist; a release that creates the job only warns on a dry run", async () => {
    await (await clients().jobs.deleteJob({ name: "projects/demo-project/locations/asia-northeast3/jobs/report" }))[0].promise();
    const since = (await fx.calls()).length;
    await expect(sync([schedule("nightly")])).rejects.toThrow(
      /^schedule nightly starts the Cloud Run job report, which does not exist in projects\/demo-project\/locations\/asia-northeast3: deploy or promote a release to qa first/,
    );
    expect(await writes(fx, since)).toEqual([]);
    const image = `asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:${"1".repeat(64)}`;
    const dry = await syncRelease(scope({ schedules: [schedule("nightly")] }), image, deps(clients()), { dryRun: true });
    expect(dry.schedules.plan.warnings).toEqual([
      "schedule nightly starts the Cloud Run job report, which does not exist yet: this release creates it",
    ]);
    expect(await writes(fx, since)).toEqual([]);
    const applied = await syncRelease(scope({ schedules: [schedule("nightly")] }), image, deps(clients()));
    expect(applied.schedules.plan.warnings).toEqual([]);
    expect((await writes(fx, since)).sort()).toEqual(["CreateJob", "CreateJob"]);
  });
});
