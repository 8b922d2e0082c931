// Conformance: the real gcloud CLI (a client we did not write) drives the emulator's Cloud
// Scheduler REST surface. Each case sets up state with the official Node client where it needs
// some, runs one gcloud command, and checks gcloud's exit code and output and the emulator's state.
// Skipped, with a notice, where gcloud is not on PATH.
import { execFile } from "node:child_process";
import { accessSync, constants, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { protos } from "@google-cloud/scheduler";
import { beforeAll, describe, expect, it } from "vitest";
import { PARENT, rpcFailure, useEmulator } from "../helpers/emulator.js";
import { tempDir } from "../helpers/tmp.js";

type Job = protos.google.cloud.scheduler.v1.IJob;

const LOCATION = PARENT.split("/")[3] as string;
const JOBS = `${PARENT}/jobs`;
/** Each gcloud call is killed after this long, so a hang fails one case instead of blocking the suite. */
const GCLOUD_TIMEOUT_MS = 30_000;

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

const GCLOUD = onPath("gcloud");
if (!GCLOUD) console.warn("test/conformance/gcloud-scheduler.test.ts: gcloud is not on PATH; the gcloud conformance cases are skipped.");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!GCLOUD)("gcloud scheduler against the emulator's REST surface (skipped: gcloud not on PATH)", () => {
  const fx = useEmulator();
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    // An isolated gcloud configuration: its own config folder with the properties written
    // directly (no `gcloud config set` round trips), no credentials, no prompts, no update
    // checks, no usage reporting, and a proxy that refuses everything but loopback.
    const config = tempDir("runway-gcloud-");
    writeFileSync(
      join(config, "properties"),
      [
        "[core]",
        "project = demo-project",
        "disable_prompts = true",
        "disable_usage_reporting = true",
        "check_gce_metadata = false",
        "[auth]",
        "disable_credentials = true",
        "[component_manager]",
        "disable_update_check = true",
        "[survey]",
        "disable_prompts = true",
        "[api_endpoint_overrides]",
        `cloudscheduler = ${fx.emu.http}/`,
        "",
      ].join("\n"),
    );
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(CLOUDSDK_|GOOGLE_|GCLOUD_|https?_proxy$|no_proxy$)/i.test(key)),
    );
    env = {
      ...inherited,
      CLOUDSDK_CONFIG: config,
      CLOUDSDK_CORE_PROJECT: "demo-project",
      CLOUDSDK_CORE_DISABLE_PROMPTS: "1",
      // Nothing beyond loopback: any other host goes to a closed port and fails.
      HTTP_PROXY: "http://127.0.0.1:9",
      HTTPS_PROXY: "http://127.0.0.1:9",
      NO_PROXY: "127.0.0.1,localhost",
    };
  });

  const gcloud = (...args: string[]): Promise<Result> =>
    new Promise((resolve) => {
      execFile(
        GCLOUD as string,
        [...args, `--location=${LOCATION}`, "--format=json"],
        { env, timeout: GCLOUD_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 4 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  /** A gcloud call that must succeed; its JSON output, parsed. */
  const ok = async (...args: string[]): Promise<unknown> => {
    const result = await gcloud(...args);
    if (result.code !== 0) throw new Error(`gcloud ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    return result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  };

  const scheduler = () => fx.clients.rest.scheduler;
  const create = async (id: string, extra: Job = {}) =>
    (
      await scheduler().createJob({
        parent: PARENT,
        job: { name: `${JOBS}/${id}`, schedule: "*/5 * * * *", httpTarget: { uri: "https://example.com/hook" }, ...extra },
      })
    )[0];
  const get = async (id: string) => (await scheduler().getJob({ name: `${JOBS}/${id}` }))[0];

  it("jobs create http: creates the job with the API's defaults and prints it", async () => {
    const printed = (await ok(
      "scheduler",
      "jobs",
      "create",
      "http",
      "nightly",
      "--schedule=0 3 * * *",
      "--uri=https://example.com/nightly",
      "--http-method=GET",
    )) as Job;
    expect(printed).toMatchObject({
      name: `${JOBS}/nightly`,
      schedule: "0 3 * * *",
      timeZone: "Etc/UTC",
      state: "ENABLED",
      attemptDeadline: "180s",
      httpTarget: { uri: "https://example.com/nightly", httpMethod: "GET" },
      retryConfig: { minBackoffDuration: "5s", maxBackoffDuration: "3600s", maxDoublings: 5 },
    });
    expect(printed.scheduleTime).toMatch(/T03:00:00(\.000)?Z$/);
    expect(await get("nightly")).toMatchObject({ schedule: "0 3 * * *", state: "ENABLED" });
  });

  it("jobs describe: prints the job the Node client created", async () => {
    await create("hourly", { description: "every hour", schedule: "0 * * * *" });
    const printed = (await ok("scheduler", "jobs", "describe", "hourly")) as Job;
    expect(printed).toMatchObject({ name: `${JOBS}/hourly`, description: "every hour", schedule: "0 * * * *", state: "ENABLED" });
  });

  it("jobs list: prints every job in the location", async () => {
    await create("a");
    await create("b");
    const printed = (await ok("scheduler", "jobs", "list")) as Job[];
    expect(printed.map((j) => j.name).sort()).toEqual([`${JOBS}/a`, `${JOBS}/b`]);
  });

  it("jobs update http: --schedule, --description, --time-zone, --attempt-deadline, --max-retry-attempts change only those fields", async () => {
    await create("weekly", { httpTarget: { uri: "https://example.com/keep", httpMethod: "PUT" } });
    const printed = (await ok(
      "scheduler",
      "jobs",
      "update",
      "http",
      "weekly",
      "--schedule=0 9 * * 1",
      "--description=weekly report",
      "--time-zone=Asia/Seoul",
      "--attempt-deadline=300s",
      "--max-retry-attempts=3",
    )) as Job;
    expect(printed).toMatchObject({
      schedule: "0 9 * * 1",
      description: "weekly report",
      timeZone: "Asia/Seoul",
      attemptDeadline: "300s",
      retryConfig: { retryCount: 3, maxDoublings: 5 },
      httpTarget: { uri: "https://example.com/keep", httpMethod: "PUT" },
    });
    // Monday 09:00 in Seoul is Monday 00:00 UTC.
    expect(printed.scheduleTime).toMatch(/T00:00:00(\.000)?Z$/);
    expect(new Date(String(printed.scheduleTime)).getUTCDay()).toBe(1);
    const stored = await get("weekly");
    expect(stored).toMatchObject({ timeZone: "Asia/Seoul", description: "weekly report", retryConfig: { retryCount: 3 } });
    expect(Number(stored.attemptDeadline?.seconds)).toBe(300);
  });

  it("jobs update http --clear-max-retry-attempts: a mask path (retryConfig.retryCount) with no value clears the field", async () => {
    await create("retries", { retryConfig: { retryCount: 4, maxDoublings: 2 } });
    await ok("scheduler", "jobs", "update", "http", "retries", "--clear-max-retry-attempts");
    const stored = await get("retries");
    expect(stored.retryConfig?.retryCount ?? 0).toBe(0);
    expect(stored.retryConfig?.maxDoublings).toBe(2);
  });

  it("jobs pause and resume: move the job between ENABLED and PAUSED", async () => {
    await create("toggle");
    await ok("scheduler", "jobs", "pause", "toggle");
    expect((await get("toggle")).state).toBe("PAUSED");
    await ok("scheduler", "jobs", "resume", "toggle");
    expect((await get("toggle")).state).toBe("ENABLED");
  });

  it("jobs run: forces an attempt, recorded as lastAttemptTime and an OK status", async () => {
    await create("now");
    await ok("scheduler", "jobs", "run", "now");
    const stored = await get("now");
    expect(Number(stored.lastAttemptTime?.seconds)).toBeGreaterThan(0);
    expect(stored.status?.code ?? 0).toBe(0);
  });

  it("jobs delete: removes the job", async () => {
    await create("gone");
    const result = await gcloud("scheduler", "jobs", "delete", "gone");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Deleted job [gone].");
    expect((await rpcFailure(get("gone"))).code).toBe("NOT_FOUND");
  });

  it("jobs describe of an unknown job: NOT_FOUND and exit code 1", async () => {
    const result = await gcloud("scheduler", "jobs", "describe", "missing");
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe("");
    expect(result.stderr).toContain("ERROR: (gcloud.scheduler.jobs.describe) NOT_FOUND: Job not found.");
  });

  it("jobs create http of an existing job: ALREADY_EXISTS and exit code 1, the job unchanged", async () => {
    await create("twice", { schedule: "0 1 * * *" });
    const result = await gcloud("scheduler", "jobs", "create", "http", "twice", "--schedule=0 2 * * *", "--uri=https://example.com/other");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ERROR: (gcloud.scheduler.jobs.create.http) ALREADY_EXISTS: Job ${JOBS}/twice already exists.`);
    expect((await get("twice")).schedule).toBe("0 1 * * *");
  });

  it("every gcloud call reached the emulator over REST", async () => {
    await ok("scheduler", "jobs", "list");
    const calls = await fx.calls();
    expect(calls.map((c) => `${c.method} ${c.transport} ${c.code}`)).toEqual(["google.cloud.scheduler.v1.CloudScheduler/ListJobs rest OK"]);
  });
});
