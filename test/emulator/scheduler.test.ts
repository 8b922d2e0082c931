import type { protos } from "@google-cloud/scheduler";
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { createService } from "../helpers/run.js";

type Job = protos.google.cloud.scheduler.v1.IJob;
type Time = { seconds?: unknown; nanos?: number | null } | null | undefined;

const fx = useEmulator();
const JOBS = `${PARENT}/jobs`;
const SCHEDULE_ERROR = { code: "INVALID_ARGUMENT", message: "Schedule or time zone is invalid." };

const httpJob = (id: string, extra: Job = {}): Job => ({
  name: `${JOBS}/${id}`,
  schedule: "*/5 * * * *",
  httpTarget: { uri: "https://example.com/hook", oidcToken: { serviceAccountEmail: "sched@demo-project.iam.gserviceaccount.com" } },
  ...extra,
});
const seconds = (d: Time) => Number(d?.seconds ?? 0);
const toDate = (t: Time) => new Date(seconds(t) * 1000 + Number(t?.nanos ?? 0) / 1e6);

describe.each(TRANSPORTS)("Cloud Scheduler over %s", (transport) => {
  const scheduler = () => fx.clients[transport].scheduler;
  const create = async (job: Job) => (await scheduler().createJob({ parent: PARENT, job }))[0];
  const get = async (id: string) => (await scheduler().getJob({ name: `${JOBS}/${id}` }))[0];
  const run = async (id: string) => (await scheduler().runJob({ name: `${JOBS}/${id}` }))[0];
  const mutations = async () => (await fx.calls()).filter((c) => c.mutating).map((c) => `${c.method.split("/")[1]} ${c.code}`);

  it("creates a job with the API's defaults and reads it back", async () => {
    const created = await create(httpJob("nightly"));
    expect(created).toMatchObject({ name: `${JOBS}/nightly`, state: "ENABLED", timeZone: "Etc/UTC", schedule: "*/5 * * * *" });
    expect(created.httpTarget).toMatchObject({ httpMethod: "POST", headers: { "User-Agent": "Google-Cloud-Scheduler" } });
    expect(seconds(created.attemptDeadline)).toBe(180);
    expect(seconds(created.retryConfig?.minBackoffDuration)).toBe(5);
    expect(seconds(created.retryConfig?.maxBackoffDuration)).toBe(3600);
    expect(created.retryConfig?.maxDoublings).toBe(5);
    const next = toDate(created.scheduleTime);
    expect(next.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(next.getUTCMinutes() % 5).toBe(0);
    expect(toDate(created.userUpdateTime).getTime()).toBeLessThanOrEqual(Date.now());
    expect(await get("nightly")).toEqual(created);
  });

  it("computes schedule_time in the job's time zone and keeps the zone as given", async () => {
    const created = await create(httpJob("morning", { schedule: "30 9 * * *", timeZone: "Asia/Seoul" }));
    expect(created.timeZone).toBe("Asia/Seoul");
    const next = toDate(created.scheduleTime);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 30]); // 09:30 KST is 00:30 UTC
  });

  it("generates a job id when the name is left out", async () => {
    const created = await create({ ...httpJob("x"), name: "" });
    expect(created.name).toMatch(new RegExp(`^${JOBS}/[A-Za-z0-9_-]+$`));
  });

  it("lists jobs page by page with page tokens", async () => {
    for (const id of ["a", "b", "c"]) await create(httpJob(id));
    const [first, , page1] = await scheduler().listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(first.map((j) => j.name)).toEqual([`${JOBS}/a`, `${JOBS}/b`]);
    expect(page1?.nextPageToken).toBeTruthy();
    const [second, , page2] = await scheduler().listJobs(
      { parent: PARENT, pageSize: 2, pageToken: page1?.nextPageToken },
      { autoPaginate: false },
    );
    expect(second.map((j) => j.name)).toEqual([`${JOBS}/c`]);
    expect(page2?.nextPageToken ?? "").toBe("");
    const [all] = await scheduler().listJobs({ parent: PARENT });
    expect(all).toHaveLength(3);
  });

  it("updates only the fields in the mask, by their proto names", async () => {
    const created = await create(httpJob("nightly", { description: "before" }));
    const [updated] = await scheduler().updateJob({
      job: { name: created.name, schedule: "0 3 * * *", timeZone: "Europe/Paris", description: "ignored, not in the mask" },
      updateMask: { paths: ["schedule", "time_zone"] },
    });
    expect(updated).toMatchObject({ schedule: "0 3 * * *", timeZone: "Europe/Paris", description: "before" });
    expect(updated.httpTarget).toEqual(created.httpTarget);
    expect(updated.retryConfig).toEqual(created.retryConfig);
    const [nested] = await scheduler().updateJob({
      job: { name: created.name, httpTarget: { uri: "https://example.com/other" } },
      updateMask: { paths: ["http_target.uri"] },
    });
    expect(nested.httpTarget).toMatchObject({ uri: "https://example.com/other", oidcToken: created.httpTarget?.oidcToken });
  });

  it("takes proto3 JSON camelCase mask paths over REST (updateMask=timeZone), and field names over gRPC", async () => {
    const created = await create(httpJob("nightly", { description: "before" }));
    const camel = scheduler().updateJob({
      job: {
        name: created.name,
        timeZone: "Europe/Paris",
        httpTarget: { uri: "https://example.com/camel" },
        description: "not in the mask",
      },
      updateMask: { paths: ["timeZone", "httpTarget.uri"] },
    });
    if (transport === "rest") {
      const [updated] = await camel;
      expect(updated).toMatchObject({ timeZone: "Europe/Paris", description: "before" });
      expect(updated.httpTarget).toMatchObject({ uri: "https://example.com/camel", oidcToken: created.httpTarget?.oidcToken });
    } else {
      // A binary FieldMask carries proto field names; no JSON mapping turns `timeZone` into one.
      expect(await rpcFailure(camel)).toEqual({ code: "INVALID_ARGUMENT", message: "Invalid mask for Job" });
    }
    const [snake] = await scheduler().updateJob({
      job: { name: created.name, timeZone: "Asia/Seoul" },
      updateMask: { paths: ["time_zone"] },
    });
    expect(snake.timeZone).toBe("Asia/Seoul");
  });

  it("rejects an unknown mask path with INVALID_ARGUMENT and changes nothing", async () => {
    const created = await create(httpJob("nightly"));
    for (const paths of [["no_such_field"], ["noSuchField"], ["http_target.nope"]]) {
      const failure = await rpcFailure(
        scheduler().updateJob({ job: { name: created.name, timeZone: "Europe/Paris" }, updateMask: { paths } }),
      );
      expect(failure).toEqual({ code: "INVALID_ARGUMENT", message: "Invalid mask for Job" });
    }
    expect((await get("nightly")).timeZone).toBe("Etc/UTC");
  });

  it("updates the populated fields without a mask, replaces all with *, and refuses a missing job", async () => {
    await create(httpJob("nightly", { description: "before" }));
    const [updated] = await scheduler().updateJob({ job: { name: `${JOBS}/nightly`, description: "after" } });
    expect(updated).toMatchObject({ description: "after", schedule: "*/5 * * * *" });
    const [replaced] = await scheduler().updateJob({ job: httpJob("nightly", { schedule: "0 4 * * *" }), updateMask: { paths: ["*"] } });
    expect(replaced).toMatchObject({ description: "", schedule: "0 4 * * *", timeZone: "Etc/UTC" });
    const missing = await rpcFailure(scheduler().updateJob({ job: { name: `${JOBS}/nope`, description: "x" } }));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("pauses and resumes, refusing each from the wrong state with FAILED_PRECONDITION", async () => {
    await create(httpJob("nightly"));
    const resume = await rpcFailure(scheduler().resumeJob({ name: `${JOBS}/nightly` }));
    expect(resume).toEqual({ code: "FAILED_PRECONDITION", message: "Job is not in PAUSED state." });
    const [paused] = await scheduler().pauseJob({ name: `${JOBS}/nightly` });
    expect(paused.state).toBe("PAUSED");
    expect(paused.scheduleTime).toBeFalsy();
    const pause = await rpcFailure(scheduler().pauseJob({ name: `${JOBS}/nightly` }));
    expect(pause).toEqual({ code: "FAILED_PRECONDITION", message: "Job is not in ENABLED state." });
    const [resumed] = await scheduler().resumeJob({ name: `${JOBS}/nightly` });
    expect(resumed.state).toBe("ENABLED");
    expect(toDate(resumed.scheduleTime).getTime()).toBeGreaterThan(Date.now() - 1000);
  });

  it("deletes a job, after which it is NOT_FOUND everywhere", async () => {
    await create(httpJob("nightly"));
    await scheduler().deleteJob({ name: `${JOBS}/nightly` });
    for (const call of [get("nightly"), scheduler().deleteJob({ name: `${JOBS}/nightly` }), run("nightly")]) {
      expect(await rpcFailure(call)).toEqual({ code: "NOT_FOUND", message: "Job not found." });
    }
  });

  it("refuses a duplicate create with ALREADY_EXISTS, keeping the first job", async () => {
    await create(httpJob("nightly", { description: "first" }));
    const failure = await rpcFailure(create(httpJob("nightly", { description: "second" })));
    expect(failure).toEqual({ code: "ALREADY_EXISTS", message: `Job ${JOBS}/nightly already exists.` });
    expect((await get("nightly")).description).toBe("first");
  });

  it("refuses a malformed job name with the API's format message", async () => {
    const failure = await rpcFailure(create(httpJob("bad.id")));
    expect(failure.code).toBe("INVALID_ARGUMENT");
    expect(failure.message).toBe('job.name: Job name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>".');
    expect((await rpcFailure(get("bad.id"))).message).toMatch(/^name: Job name must be formatted/);
  });

  it.each([
    ["a bad cron field", { schedule: "61 * * * *" }],
    ["a six-field cron", { schedule: "0 */5 * * * *" }],
    ["App Engine syntax", { schedule: "every 5 minutes" }],
    ["a croner-only extension", { schedule: "0 0 L * *" }],
    ["a missing schedule", { schedule: "" }],
    ["an unknown time zone", { timeZone: "Mars/Olympus_Mons" }],
    ["a UTC offset as time zone", { timeZone: "+05:00" }],
  ] as [string, Job][])("rejects %s with the API's schedule message, and stores nothing", async (_, change) => {
    expect(await rpcFailure(create(httpJob("bad", change)))).toEqual(SCHEDULE_ERROR);
    expect(await mutations()).toEqual(["CreateJob INVALID_ARGUMENT"]);
    expect((await scheduler().listJobs({ parent: PARENT }))[0]).toEqual([]);
  });

  it.each([
    ["retry_count above 5", { retryConfig: { retryCount: 6 } }, "retry_count"],
    ["a negative retry_count", { retryConfig: { retryCount: -1 } }, "retry_count"],
    ["an attempt_deadline under 15s", { attemptDeadline: { seconds: 10 } }, "attempt_deadline"],
    ["an attempt_deadline over 30 min", { attemptDeadline: { seconds: 1801 } }, "attempt_deadline"],
    ["a description over 500 characters", { description: "x".repeat(501) }, "description"],
    ["a relative uri", { httpTarget: { uri: "/hook" } }, "uri"],
    [
      "both OAuth and OIDC tokens",
      { httpTarget: { uri: "https://x.test", oauthToken: { serviceAccountEmail: "a@b" }, oidcToken: { serviceAccountEmail: "a@b" } } },
      "oidc_token",
    ],
    ["no target", { httpTarget: null }, "exactly one"],
  ] as [string, Job, string][])("rejects %s with INVALID_ARGUMENT", async (_, change, mention) => {
    const failure = await rpcFailure(create(httpJob("bad", change)));
    expect(failure.code).toBe("INVALID_ARGUMENT");
    expect(failure.message).toContain(mention);
    expect(await mutations()).toEqual(["CreateJob INVALID_ARGUMENT"]);
  });

  it("accepts the limits themselves", async () => {
    const high = await create(
      httpJob("high", { retryConfig: { retryCount: 5 }, attemptDeadline: { seconds: 1800 }, description: "x".repeat(500) }),
    );
    const low = await create(httpJob("low", { retryConfig: { retryCount: 0 }, attemptDeadline: { seconds: 15 } }));
    expect([high.retryConfig?.retryCount, seconds(high.attemptDeadline), seconds(low.attemptDeadline)]).toEqual([5, 1800, 15]);
  });

  it("RunJob starts the Cloud Run job named by an Admin API URI", async () => {
    const jobs = fx.clients[transport].jobs;
    const [op] = await jobs.createJob({
      parent: PARENT,
      jobId: "migrate",
      job: { template: { template: { containers: [{ image: "img:1" }] } } },
    });
    await op.promise();
    const uri = `https://run.googleapis.com/v2/${PARENT}/jobs/migrate:run`;
    await create(
      httpJob("migrate-nightly", {
        httpTarget: { uri, oauthToken: { serviceAccountEmail: "sched@demo-project.iam.gserviceaccount.com" } },
      }),
    );
    const before = Date.now();
    const ran = await run("migrate-nightly");
    expect(ran.status?.code ?? 0).toBe(0);
    expect(toDate(ran.lastAttemptTime).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [executions] = await fx.clients[transport].executions.listExecutions({ parent: `${PARENT}/jobs/migrate` });
    expect(executions).toHaveLength(1);
    const dispatched = (await fx.calls()).filter((c) => c.method === "google.cloud.run.v2.Jobs/RunJob");
    expect(dispatched).toEqual([expect.objectContaining({ transport: "rest", resource: `${PARENT}/jobs/migrate`, code: "OK" })]);
    // The dispatch goes through the registry, so an injected Run API fault becomes the attempt's status.
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Jobs/RunJob", code: "PERMISSION_DENIED", message: "denied" });
    expect((await run("migrate-nightly")).status).toMatchObject({ code: 7, message: "denied" });
  });

  it("RunJob accepts the regional v1 URI form and reports a missing Cloud Run job as NOT_FOUND", async () => {
    const uri = "https://asia-northeast3-run.googleapis.com/apis/run.googleapis.com/v1/namespaces/demo-project/jobs/absent:run";
    await create(httpJob("absent", { httpTarget: { uri } }));
    const ran = await run("absent");
    expect(ran.status?.code).toBe(5);
    const dispatched = (await fx.calls()).filter((c) => c.method === "google.cloud.run.v2.Jobs/RunJob");
    expect(dispatched).toEqual([expect.objectContaining({ resource: `${PARENT}/jobs/absent`, code: "NOT_FOUND" })]);
  });

  it("RunJob requests a service URL on the emulator and maps its HTTP answer to the status", async () => {
    await fx.control("/_emulator/images", { image: "down:1", status: 503 });
    const up = await createService(fx.clients[transport].services, "up");
    const down = await createService(fx.clients[transport].services, "down", "down:1");
    await create(httpJob("ping-up", { httpTarget: { uri: `${up.uri}/tasks/ping`, httpMethod: "GET" } }));
    await create(httpJob("ping-down", { httpTarget: { uri: `${down.uri}/tasks/ping` } }));
    expect((await run("ping-up")).status?.code ?? 0).toBe(0);
    expect((await run("ping-down")).status?.code).toBe(14); // HTTP 503 → UNAVAILABLE
  });

  it("RunJob records an attempt on an outside URL without any network call", async () => {
    await create(httpJob("outside"));
    const ran = await run("outside");
    expect(ran.status?.code ?? 0).toBe(0);
    expect(ran.lastAttemptTime).toBeTruthy();
    expect(ran.state).toBe("ENABLED");
  });
});
