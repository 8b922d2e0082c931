// Batch jobs (Cloud Run Jobs) on the release image, and the migration job, against the emulator.
import { describe, expect, it } from "vitest";
import { migrationBatchJob, syncBatchJobs, syncMigrationJob } from "../../src/core/batch/batch-jobs.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { batchJob, deps, SA, scope, writes } from "./helpers.js";

const fx = useEmulator();

const BATCH = [
  batchJob("report", {
    command: ["python", "manage.py", "report"],
    args: ["--all"],
    env: { DEBUG: "true", REPORT_DIR: "/tmp" },
    taskCount: 4,
    parallelism: 2,
    timeoutMs: 1_800_000,
    maxRetries: 0,
    resources: { cpu: "2", memory: "1Gi" },
  }),
  batchJob("cleanup", { command: ["python", "manage.py", "clearsessions"] }),
];

describe.each(TRANSPORTS)("batch jobs over %s", (transport) => {
  const clients = () => fx.clients[transport];
  const getJob = async (id: string) => (await clients().jobs.getJob({ name: `${PARENT}/jobs/${id}` }))[0];

  it("creates each job on the release image, then updates only what differs", async () => {
    const env = scope({ batch: BATCH });
    const created = await syncBatchJobs(env, digest(1), deps(clients()));
    expect(created.map((r) => `${r.job}:${r.action}`)).toEqual(["report:create", "cleanup:create"]);
    const report = await getJob("report");
    expect(report.labels).toMatchObject({ "runway-env": "qa" });
    expect(report.template).toMatchObject({ taskCount: 4, parallelism: 2 });
    expect(report.template?.template).toMatchObject({ maxRetries: 0, serviceAccount: SA });
    expect(Number(report.template?.template?.timeout?.seconds)).toBe(1800);
    const container = report.template?.template?.containers?.[0];
    expect(container).toMatchObject({
      image: digest(1),
      command: ["python", "manage.py", "report"],
      args: ["--all"],
      resources: { limits: { cpu: "2", memory: "1Gi" } },
    });
    // The service's env and secrets, with the job's own env on top.
    expect(Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? e.valueSource?.secretKeyRef?.secret]))).toEqual({
      DEBUG: "true",
      DJANGO_SECRET_KEY: "django-secret-key-qa",
      DJANGO_SETTINGS_MODULE: "config.settings",
      REPORT_DIR: "/tmp",
    });
    expect((await getJob("cleanup")).template?.template).toMatchObject({ maxRetries: 3 });

    let since = (await fx.calls()).length;
    const again = await syncBatchJobs(env, digest(1), deps(clients()));
    expect(again.map((r) => r.action)).toEqual(["unchanged", "unchanged"]);
    expect(await writes(fx, since)).toEqual([]);

    since = (await fx.calls()).length;
    const next = await syncBatchJobs(env, digest(2), deps(clients()));
    expect(next.map((r) => `${r.job}:${r.action}:${r.changed.join(",")}`)).toEqual(["report:update:image", "cleanup:update:image"]);
    expect((await writes(fx, since)).sort()).toEqual(["UpdateJob cleanup", "UpdateJob report"]);
    expect((await getJob("cleanup")).template?.template?.containers?.[0]?.image).toBe(digest(2));
  });

  it("plans without writing on a dry run, and adopts a declared job made by hand", async () => {
    const [op] = await clients().jobs.createJob({
      parent: PARENT,
      jobId: "cleanup",
      job: { labels: { team: "data" }, template: { template: { containers: [{ image: "old:1" }] } } },
    });
    await op.promise();
    const since = (await fx.calls()).length;
    const dry = await syncBatchJobs(scope({ batch: BATCH }), digest(1), deps(clients()), { dryRun: true });
    expect(dry.map((r) => `${r.job}:${r.action}`)).toEqual(["report:create", "cleanup:update"]);
    expect(await writes(fx, since)).toEqual([]);
    const done = await syncBatchJobs(scope({ batch: BATCH }), digest(1), deps(clients()));
    expect(done.find((r) => r.job === "cleanup")?.adopted).toBe(true);
    expect((await getJob("cleanup")).labels).toEqual({ team: "data", "runway-env": "qa" });
  });

  it("keeps the migration job ready to run on the release image", async () => {
    const env = scope({ migrations: { job: "web-qa-migrate", command: ["python", "manage.py", "migrate", "--noinput"] } });
    expect(migrationBatchJob(scope())).toBeUndefined();
    const name = await syncMigrationJob(env, digest(3), deps(clients()));
    expect(name).toBe(`${PARENT}/jobs/web-qa-migrate`);
    const job = await getJob("web-qa-migrate");
    expect(job.template).toMatchObject({ taskCount: 1, parallelism: 1 });
    expect(job.template?.template).toMatchObject({ maxRetries: 0 });
    expect(job.template?.template?.containers?.[0]).toMatchObject({
      image: digest(3),
      command: ["python", "manage.py", "migrate", "--noinput"],
    });
    const since = (await fx.calls()).length;
    await syncMigrationJob(env, digest(3), deps(clients()));
    expect(await writes(fx, since)).toEqual([]);
  });

  it("gives the migration job the service's Cloud SQL instance and VPC egress, so migrate reaches the database", async () => {
    const base = scope();
    const vpc = { network: "default", subnetwork: "private", egress: "private-ranges-only" as const };
    const env = scope({
      service: { ...base.service, cloudSql: ["demo-project:asia-northeast3:app-db"], vpc },
      migrations: { job: "web-qa-migrate", command: ["python", "manage.py", "migrate"] },
    });
    await syncMigrationJob(env, digest(3), deps(clients()));
    const task = (await getJob("web-qa-migrate")).template?.template;
    expect(task?.volumes).toMatchObject([{ name: "cloudsql", cloudSqlInstance: { instances: ["demo-project:asia-northeast3:app-db"] } }]);
    expect(task?.containers?.[0]?.volumeMounts).toMatchObject([{ name: "cloudsql", mountPath: "/cloudsql" }]);
    expect(task?.vpcAccess).toMatchObject({
      networkInterfaces: [{ network: "default", subnetwork: "private" }],
      egress: "PRIVATE_RANGES_ONLY",
    });
    const since = (await fx.calls()).length;
    await syncMigrationJob(env, digest(3), deps(clients()));
    expect(await writes(fx, since)).toEqual([]);
    // Dropped from the YAML, they go from the job too: the job's template is Runway's.
    await syncMigrationJob(scope({ migrations: env.migrations }), digest(3), deps(clients()));
    expect((await getJob("web-qa-migrate")).template?.template?.volumes ?? []).toEqual([]);
  });
});
