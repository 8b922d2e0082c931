// The pure planner: masks, field-by-field changes, next runs in the schedule's zone, and
// what counts as managed. Live jobs are built the way the API returns them.
import { describe, expect, it } from "vitest";
import type { SchedulerJob } from "../../src/core/batch/marker.js";
import { planSchedulerSync } from "../../src/core/batch/plan.js";
import { schedulerPlanText } from "../../src/present/terminal/index.js";
import { declaredSpec } from "../../src/core/batch/schedule-declared.js";
import { jobOf } from "../../src/core/batch/schedule-spec.js";
import { loadAllEnvironments } from "../../src/core/config/load.js";
import type { Schedule } from "../../src/core/config/types.js";
import { schedule, scope } from "./helpers.js";

const NOW = new Date("2026-11-22T03:00:00Z"); // 12:00 in Seoul
const URL = "https://web-qa-abc.a.run.app";

/** A live job as Scheduler stores a declared schedule: defaults echoed, User-Agent added. */
function live(s: Schedule, extra: Partial<SchedulerJob> = {}, held = false): SchedulerJob {
  const job = jobOf(declaredSpec(s, { scope: scope(), serviceUrl: URL, held }));
  return {
    ...job,
    httpTarget: { ...job.httpTarget, headers: { ...job.httpTarget?.headers, "User-Agent": "Google-Cloud-Scheduler" } },
    state: "ENABLED",
    ...extra,
  };
}

const plan = (declared: Schedule[], jobs: SchedulerJob[], prune = false) =>
  planSchedulerSync(scope({ schedules: declared }), jobs, { now: NOW, prune, serviceUrl: URL });

describe("planSchedulerSync", () => {
  it("shows the next three runs of a new schedule in its own time zone", () => {
    const [change] = plan([schedule("nightly")], []).changes;
    expect(change?.nextRuns).toEqual([
      "2026-11-23 Mon 03:00 GMT+09:00",
      "2026-11-24 Tue 03:00 GMT+09:00",
      "2026-11-25 Wed 03:00 GMT+09:00",
    ]);
    expect(change?.fields.map((f) => f.path)).toContain("time_zone");
  });

  it("follows daylight saving time in zones that have it", () => {
    const [change] = planSchedulerSync(scope({ schedules: [schedule("x", { cron: "30 9 * * 0", timeZone: "America/New_York" })] }), [], {
      now: new Date("2027-03-01T00:00:00Z"),
    }).changes;
    expect(change?.nextRuns.slice(1)).toEqual(["2027-03-14 Sun 09:30 GMT-04:00", "2027-03-21 Sun 09:30 GMT-04:00"]);
    expect(change?.nextRuns[0]).toBe("2027-03-07 Sun 09:30 GMT-05:00");
  });

  it("puts exactly the changed fields, by proto name, in the mask", () => {
    const before = schedule("nightly");
    const after = { ...before, timeZone: "Europe/Paris", attemptDeadlineMs: 300_000, retry: { ...before.retry, count: 4 } };
    const [change] = plan([after], [live(before)]).changes;
    expect(change?.actions).toEqual([
      expect.objectContaining({ kind: "update", mask: ["time_zone", "retry_config.retry_count", "attempt_deadline"] }),
    ]);
    expect(change?.fields).toEqual([
      { path: "time_zone", before: "Asia/Seoul", after: "Europe/Paris" },
      { path: "retry_config.retry_count", before: "0", after: "4" },
      { path: "attempt_deadline", before: "3m", after: "5m" },
    ]);
    expect(schedulerPlanText(plan([after], [live(before)]))).toMatch(/~ update nightly[\s\S]*time_zone +Asia\/Seoul {2}→ {2}Europe\/Paris/);
  });

  it("switches a target from a batch job to a service path: URI, method, body and both tokens", () => {
    const before = schedule("ping", { serviceAccount: "a@demo-project.iam.gserviceaccount.com" });
    const after = { ...before, target: { http: { path: "/ping", method: "GET" as const, headers: {} } } };
    const [change] = plan([after], [live(before)]).changes;
    expect(change?.actions[0]).toMatchObject({
      mask: ["http_target.uri", "http_target.http_method", "http_target.oauth_token", "http_target.oidc_token"],
    });
    expect(change?.fields.find((f) => f.path === "http_target.oidc_token")?.after).toBe(
      `a@demo-project.iam.gserviceaccount.com (audience ${URL})`,
    );
  });

  it("is empty when everything matches, and pauses or resumes to match `paused`", () => {
    const s = schedule("a");
    expect(plan([s], [live(s)]).changes).toEqual([]);
    const [pause] = plan([{ ...s, paused: true }], [live(s)]).changes;
    expect(pause?.actions).toEqual([{ kind: "pause" }]);
    expect(pause?.fields).toEqual([{ path: "state", before: "ENABLED", after: "PAUSED" }]);
    const [resume] = plan([s], [live(s, { state: "PAUSED" })]).changes;
    expect(resume?.actions).toEqual([{ kind: "resume" }]);
  });

  it("keeps a job Runway paused for a migration paused and marked", () => {
    const s = schedule("a");
    expect(plan([s], [live(s, { state: "PAUSED" }, true)]).changes).toEqual([]);
    // The config now pauses it: the pause becomes the config's, so the mark goes.
    const [owned] = plan([{ ...s, paused: true }], [live(s, { state: "PAUSED" }, true)]).changes;
    expect(owned?.actions).toEqual([expect.objectContaining({ kind: "update", mask: ["description"] })]);
  });

  it("tells managed jobs from look-alikes, and deletes only with prune", () => {
    const jobs = [
      live(schedule("gone")),
      { ...live(schedule("eu-x")), description: "[runway env=qa-eu]" },
      { ...live(schedule("typed")), description: "typed by hand" },
    ];
    const kept = plan([], jobs);
    expect(kept.undeclared).toEqual(["gone"]);
    // runway-qa-eu-x is qa-eu's managed job: Runway's, so not counted as unmanaged, and not qa's to delete.
    expect(kept.unmanaged).toEqual(["runway-qa-typed"]);
    expect(kept.changes).toEqual([]);
    expect(plan([], jobs, true).changes.map((c) => `${c.schedule}:${c.actions[0]?.kind}`)).toEqual(["gone:delete"]);
  });

  it("refuses a schedule calling the service before the service has a URL", () => {
    const http = schedule("ping", { target: { http: { path: "/ping", method: "GET", headers: {} } } });
    expect(() => planSchedulerSync(scope({ schedules: [http] }), [], { now: NOW })).toThrow(
      /ping calls a path on the service web-qa, which has no URL yet/,
    );
  });

  it("warns when no service account can sign the scheduler's token", () => {
    const bare = scope({ schedules: [schedule("a")] });
    const result = planSchedulerSync({ ...bare, service: { ...bare.service, serviceAccount: undefined } }, [], { now: NOW });
    expect(result.warnings).toEqual([expect.stringMatching(/a has no service-account.*without a token/)]);
  });

  it("refuses a schedule whose Cloud Run job does not exist, unless the release creates it (then warns)", () => {
    const declared = [schedule("nightly"), schedule("hourly", { target: { batch: "cleanup" } })];
    const run = (options: { missingJobs?: string[]; releaseJobs?: string[] }) =>
      planSchedulerSync(scope({ schedules: declared }), [], { now: NOW, serviceUrl: URL, ...options });
    expect(() => run({ missingJobs: ["report"] })).toThrow(
      "schedule nightly starts the Cloud Run job report, which does not exist in projects/demo-project/locations/asia-northeast3: deploy or promote a release to qa first (it creates the environment's batch jobs), then sync the schedules",
    );
    expect(() => run({ missingJobs: ["report", "cleanup"], releaseJobs: ["report"] })).toThrow(
      /^schedule hourly starts the Cloud Run job cleanup, which does not exist/,
    );
    expect(run({ missingJobs: ["report"], releaseJobs: ["report"] }).warnings).toEqual([
      "schedule nightly starts the Cloud Run job report, which does not exist yet: this release creates it",
    ]);
    expect(run({}).warnings).toEqual([]);
  });

  it("counts as unmanaged only jobs no environment manages", () => {
    const jobs = [
      {
        ...live(schedule("x")),
        name: "projects/demo-project/locations/asia-northeast3/jobs/runway-prod-nightly",
        description: "[runway env=prod]",
      },
      {
        ...live(schedule("y")),
        name: "projects/demo-project/locations/asia-northeast3/jobs/runway-dev-nightly",
        description: "[runway env=dev paused-by=runway]",
      },
      { ...live(schedule("z")), name: "projects/demo-project/locations/asia-northeast3/jobs/backup-by-hand", description: "made by hand" },
      {
        ...live(schedule("w")),
        name: "projects/demo-project/locations/asia-northeast3/jobs/runway-prod-forged",
        description: "[runway env=dev]",
      },
    ];
    const result = plan([], jobs);
    expect(result.unmanaged).toEqual(["backup-by-hand", "runway-prod-forged"]);
    expect(schedulerPlanText(result)).toContain("not managed by Runway, left alone: 2 job(s)");
  });

  it("the shipped example environments plan without warnings; a schedule with no account anywhere still warns", async () => {
    const environments = await loadAllEnvironments("environments");
    expect(environments.map((e) => e.name).sort()).toEqual(["dev", "prod", "qa"]);
    for (const env of environments) {
      expect(env.schedules.length, env.name).toBeGreaterThan(0);
      const result = planSchedulerSync(env, [], { now: NOW, serviceUrl: URL });
      expect(result.warnings, env.name).toEqual([]);
      const bare = {
        ...env,
        service: { ...env.service, serviceAccount: undefined },
        schedules: env.schedules.map((s) => ({ ...s, serviceAccount: undefined })),
      };
      expect(planSchedulerSync(bare, [], { now: NOW, serviceUrl: URL }).warnings, env.name).toEqual([
        expect.stringMatching(/has no service-account \(nor has the service\)/),
      ]);
    }
  });
});
