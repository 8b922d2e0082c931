import { protos } from "@google-cloud/run";
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";

type Job = protos.google.cloud.run.v2.IJob;
type Execution = protos.google.cloud.run.v2.IExecution;
type Condition = protos.google.cloud.run.v2.ICondition;

const fx = useEmulator();

const ECHO = "europe-docker.pkg.dev/demo/jobs/echo:1";
// A task that prints what it sees and exits as its env asks: FAIL_ATTEMPTS failing attempts,
// then EXIT_CODE (0 by default), after SLEEP_MS.
const SCRIPT = `
const e = process.env;
console.log("pid=" + process.pid + " args=" + JSON.stringify(process.argv.slice(1)));
console.log("task=" + e.CLOUD_RUN_TASK_INDEX + "/" + e.CLOUD_RUN_TASK_COUNT + " attempt=" + e.CLOUD_RUN_TASK_ATTEMPT +
  " job=" + e.CLOUD_RUN_JOB + " execution=" + e.CLOUD_RUN_EXECUTION + " greeting=" + e.GREETING);
const code = Number(e.CLOUD_RUN_TASK_ATTEMPT) < Number(e.FAIL_ATTEMPTS ?? 0) ? 1 : Number(e.EXIT_CODE ?? 0);
setTimeout(() => process.exit(code), Number(e.SLEEP_MS ?? 0));
`;

const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
const { Condition: ConditionEnums, ExecutionReference } = protos.google.cloud.run.v2;
/** LRO results are decoded messages with numeric enums; plain responses carry enum names. */
const named = (values: Record<number, string>, value: unknown) => (typeof value === "number" ? values[value] : value);
const stateOf = (condition: Condition | null | undefined) => named(ConditionEnums.State, condition?.state);
const statusOf = (job: Job) => named(ExecutionReference.CompletionStatus, job.latestCreatedExecution?.completionStatus);
function completed(execution: Execution): { state: unknown; executionReason: unknown } {
  const condition = (execution.conditions ?? []).find((c: Condition) => c.type === "Completed");
  return { state: stateOf(condition), executionReason: named(ConditionEnums.ExecutionReason, condition?.executionReason) };
}
const logsOf = async (execution: Execution) => (await fetch(String(execution.logUri))).text();

/** The pid the echo task prints first, read from the execution's logs as soon as it appears. */
async function waitForPid(logUri: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const pid = Number(/pid=(\d+)/.exec(await (await fetch(logUri)).text())?.[1] ?? 0);
    if (pid) return pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 0;
}

describe.each(TRANSPORTS)("jobs and executions over %s", (transport) => {
  const jobs = () => fx.clients[transport].jobs;
  const executions = () => fx.clients[transport].executions;

  async function registerEcho(): Promise<void> {
    await fx.control("/_emulator/images", { image: ECHO, entrypoint: ["node", "-e", SCRIPT], command: ["from-image"] });
  }

  async function createJob(
    jobId: string,
    task: Record<string, unknown> = {},
    container: Record<string, unknown> = {},
    extra: Job = {},
  ): Promise<Job> {
    const template = { template: { containers: [{ image: ECHO, ...container }], ...task } };
    const [op] = await jobs().createJob({ parent: PARENT, jobId, job: { ...extra, template } });
    const [job] = await op.promise();
    return job;
  }

  async function run(job: Job, overrides?: protos.google.cloud.run.v2.RunJobRequest.IOverrides) {
    const [op] = await jobs().runJob({ name: job.name, overrides });
    return { op, name: String((op.metadata as Execution).name) };
  }

  it("creates a job with the documented defaults, reads it and lists newest first with pagination", async () => {
    const job = await createJob("nightly", {}, {}, { labels: { team: "data" } });
    expect(job.name).toBe(`${PARENT}/jobs/nightly`);
    expect(String(job.generation)).toBe("1");
    expect(job.template?.taskCount).toBe(1);
    expect(job.template?.template?.maxRetries).toBe(3);
    expect(String(job.template?.template?.timeout?.seconds)).toBe("600");
    expect(stateOf(job.terminalCondition)).toBe("CONDITION_SUCCEEDED");
    const [read] = await jobs().getJob({ name: job.name });
    expect(read.uid).toBe(job.uid);
    expect(read.labels).toEqual({ team: "data" });
    expect(String(read.observedGeneration)).toBe("1");

    await createJob("second");
    await createJob("third");
    const [page, next] = await jobs().listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page.map((j) => j.name?.split("/").pop())).toEqual(["third", "second"]);
    const [rest, last] = await jobs().listJobs({ ...next, parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(rest.map((j) => j.name?.split("/").pop())).toEqual(["nightly"]);
    expect(last).toBeNull();
    expect((await rpcFailure(createJob("second"))).code).toBe("ALREADY_EXISTS");
  });

  it("updates with an etag, refuses a stale one and creates with allowMissing", async () => {
    const job = await createJob("etl", {}, { args: ["one"] });
    const [op] = await jobs().updateJob({ job: { ...job, labels: { stage: "two" } } });
    const [updated] = await op.promise();
    expect(String(updated.generation)).toBe("2");
    expect(updated.labels).toEqual({ stage: "two" });
    expect(updated.etag).not.toBe(job.etag);
    const stale = await rpcFailure(jobs().updateJob({ job: { ...job, labels: {} } }));
    expect(stale.code).toBe("ABORTED");
    expect(stale.message).toContain("etag");

    expect((await rpcFailure(jobs().runJob({ name: job.name, etag: job.etag }))).code).toBe("ABORTED");
    expect((await rpcFailure(jobs().deleteJob({ name: job.name, etag: job.etag }))).code).toBe("ABORTED");

    const missing = { name: `${PARENT}/jobs/later`, template: { template: { containers: [{ image: ECHO }] } } };
    expect((await rpcFailure(jobs().updateJob({ job: missing }))).code).toBe("NOT_FOUND");
    const [created] = await (await jobs().updateJob({ job: missing, allowMissing: true }))[0].promise();
    expect(String(created.generation)).toBe("1");
  });

  it("changes nothing with validateOnly, as the call log confirms", async () => {
    const [op] = await jobs().createJob({
      parent: PARENT,
      jobId: "dry",
      validateOnly: true,
      job: { template: { template: { containers: [{ image: ECHO }] } } },
    });
    const [wouldBe] = await op.promise();
    expect(wouldBe.name).toBe(`${PARENT}/jobs/dry`);
    expect((await rpcFailure(jobs().getJob({ name: wouldBe.name }))).code).toBe("NOT_FOUND");

    const job = await createJob("real");
    await (await jobs().updateJob({ job: { ...job, labels: { x: "y" } }, validateOnly: true }))[0].promise();
    await (await jobs().runJob({ name: job.name, validateOnly: true }))[0].promise();
    await (await jobs().deleteJob({ name: job.name, validateOnly: true }))[0].promise();
    const [after] = await jobs().getJob({ name: job.name });
    expect(String(after.generation)).toBe("1");
    expect(after.executionCount).toBe(0);
    const [listed] = await executions().listExecutions({ parent: job.name });
    expect(listed).toEqual([]);
    const dry = (await fx.calls()).filter((c) => /(Create|Update|Run|Delete)Job$/.test(c.method));
    expect(dry.map((c) => [c.method.split("/").pop(), c.mutating])).toEqual([
      ["CreateJob", false],
      ["CreateJob", true],
      ["UpdateJob", false],
      ["RunJob", false],
      ["DeleteJob", false],
    ]);
  });

  it("deletes a job together with its executions", async () => {
    const job = await createJob("gone");
    const { op, name } = await run(job);
    await op.promise();
    const [deleted] = await (
      await jobs().deleteJob({ name: job.name, etag: (await jobs().getJob({ name: job.name }))[0].etag })
    )[0].promise();
    expect(deleted.deleteTime).toBeTruthy();
    expect((await rpcFailure(jobs().getJob({ name: job.name }))).code).toBe("NOT_FOUND");
    expect((await rpcFailure(executions().getExecution({ name }))).code).toBe("NOT_FOUND");
  });

  it("runs a job with args, env, task count and timeout overrides applied", async () => {
    await registerEcho();
    const job = await createJob("report", {}, { args: ["from-job"], env: env({ GREETING: "job" }) });
    const { op, name } = await run(job, {
      containerOverrides: [{ args: ["from-override", "x"], env: env({ GREETING: "override" }) }],
      taskCount: 3,
      timeout: { seconds: 30 },
    });
    expect(name).toMatch(/\/executions\/report-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const [execution] = await op.promise();
    expect(execution.name).toBe(name);
    expect(execution.succeededCount).toBe(3);
    expect(execution.taskCount).toBe(3);
    expect(execution.completionTime).toBeTruthy();
    expect(completed(execution).state).toBe("CONDITION_SUCCEEDED");
    expect(String(execution.template?.timeout?.seconds)).toBe("30");
    const logs = await logsOf(execution);
    expect(logs).toContain('args=["from-override","x"]');
    for (const i of [0, 1, 2])
      expect(logs).toContain(`task=${i}/3 attempt=0 job=report execution=${name.split("/").pop()} greeting=override`);

    const [latest] = await jobs().getJob({ name: job.name });
    expect(latest.executionCount).toBe(1);
    expect(latest.latestCreatedExecution?.name).toBe(name);
    expect(statusOf(latest)).toBe("EXECUTION_SUCCEEDED");
    expect(latest.template?.template?.containers?.[0]?.args).toEqual(["from-job"]);

    // clearArgs falls back to the image's CMD, as Docker does without args.
    const cleared = await run(job, { containerOverrides: [{ clearArgs: true }] });
    expect(await logsOf((await cleared.op.promise())[0])).toContain('args=["from-image"]');
    const [listed] = await executions().listExecutions({ parent: job.name });
    expect(listed.map((e) => e.name)).toEqual([cleared.name, name]);
  });

  it("fails the operation with FAILED_PRECONDITION when a task exits non-zero", async () => {
    await registerEcho();
    const job = await createJob("broken", { maxRetries: 0 }, { env: env({ EXIT_CODE: "3" }) });
    const { op, name } = await run(job);
    const failure = await rpcFailure(op.promise());
    expect(failure.code).toBe("FAILED_PRECONDITION");
    expect(failure.message).toBe(`Task ${name.split("/").pop()}-task0 failed with message: The container exited with an error.`);
    const [execution] = await executions().getExecution({ name });
    expect(execution.failedCount).toBe(1);
    expect(execution.completionTime).toBeTruthy();
    expect(completed(execution)).toEqual({ state: "CONDITION_FAILED", executionReason: "NON_ZERO_EXIT_CODE" });
    expect(statusOf((await jobs().getJob({ name: job.name }))[0])).toBe("EXECUTION_FAILED");
  });

  it("retries failed attempts up to maxRetries and counts the tasks that retried", async () => {
    await registerEcho();
    const job = await createJob("flaky", { maxRetries: 3 }, { env: env({ FAIL_ATTEMPTS: "2" }) }, {});
    const [execution] = await (await run(job, { taskCount: 2 })).op.promise();
    expect(execution).toMatchObject({ succeededCount: 2, failedCount: 0, retriedCount: 2 });
    expect(await logsOf(execution)).toContain("task=1/2 attempt=2");

    const exhausted = await createJob("hopeless", { maxRetries: 1 }, { env: env({ FAIL_ATTEMPTS: "9" }) });
    const { op, name } = await run(exhausted);
    expect((await rpcFailure(op.promise())).code).toBe("FAILED_PRECONDITION");
    expect((await executions().getExecution({ name }))[0]).toMatchObject({ failedCount: 1, retriedCount: 1 });
  });

  it("kills a task that outlives its timeout and counts it failed", async () => {
    await registerEcho();
    // The task would sleep past the test's own timeout: only the kill lets the test finish.
    const job = await createJob("slow", { maxRetries: 0 }, { env: env({ SLEEP_MS: "120000" }) });
    const { op, name } = await run(job, { timeout: { seconds: 1 } });
    const failure = await rpcFailure(op.promise());
    expect(failure.code).toBe("FAILED_PRECONDITION");
    expect(failure.message).toContain("The configured timeout was reached.");
    expect((await executions().getExecution({ name }))[0].failedCount).toBe(1);
  });

  it("simulates images without a command: exitCode after latencyMs, or success", async () => {
    await fx.control("/_emulator/images", { image: "sim/fails", exitCode: 2, latencyMs: 20 });
    const failing = await createJob("sim", { maxRetries: 0 }, { image: "sim/fails:latest" });
    expect((await rpcFailure((await run(failing)).op.promise())).code).toBe("FAILED_PRECONDITION");
    const plain = await createJob("plain", {}, { image: "not/in/catalog" });
    expect((await (await run(plain)).op.promise())[0].succeededCount).toBe(1);
  });

  it("cancels a running execution, killing its tasks", async () => {
    await registerEcho();
    const job = await createJob("long", {}, { env: env({ SLEEP_MS: "20000" }) });
    const { op, name } = await run(job, { taskCount: 3 });
    const [cancel] = await executions().cancelExecution({ name });
    const [cancelled] = await cancel.promise();
    expect(cancelled).toMatchObject({ runningCount: 0, cancelledCount: 3, succeededCount: 0 });
    expect(completed(cancelled)).toEqual({ state: "CONDITION_FAILED", executionReason: "CANCELLED" });
    // A cancelled execution completes its RunJob operation without an error.
    expect((await op.promise())[0].cancelledCount).toBe(3);
    expect((await rpcFailure(executions().cancelExecution({ name }))).code).toBe("FAILED_PRECONDITION");
  });

  it("honours parallelism and deletes a running execution after cancelling it and its pending tasks", async () => {
    await registerEcho();
    const job = await createJob("serial", {}, { env: env({ SLEEP_MS: "20000" }) }, {});
    const [updated] = await (
      await jobs().updateJob({ job: { ...job, template: { ...job.template, parallelism: 1, taskCount: 3 } } })
    )[0].promise();
    const { op, name } = await run(updated);
    expect((await executions().getExecution({ name }))[0]).toMatchObject({ parallelism: 1, runningCount: 1 });
    const [deleted] = await (await executions().deleteExecution({ name }))[0].promise();
    expect(deleted).toMatchObject({ cancelledCount: 3, runningCount: 0 });
    expect(deleted.deleteTime).toBeTruthy();
    expect((await op.promise())[0].cancelledCount).toBe(3);
    expect((await rpcFailure(executions().getExecution({ name }))).code).toBe("NOT_FOUND");
  });

  it("stops running tasks when the emulator resets", async () => {
    await registerEcho();
    const job = await createJob("orphan", {}, { env: env({ SLEEP_MS: "20000" }) });
    const { name } = await run(job);
    const logUri = `${fx.emu.http}/_emulator/logs/${name}`;
    const pid = await waitForPid(logUri);
    expect(pid).toBeGreaterThan(0);
    await fx.emu.reset();
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await fetch(logUri)).status).toBe(404);
  });

  it("answers NOT_FOUND for a missing job or execution", async () => {
    const job = `${PARENT}/jobs/none`;
    const execution = `${job}/executions/none-bcdfg`;
    const calls: [string, () => Promise<unknown>][] = [
      ["GetJob", () => jobs().getJob({ name: job })],
      ["RunJob", () => jobs().runJob({ name: job })],
      ["DeleteJob", () => jobs().deleteJob({ name: job })],
      ["GetExecution", () => executions().getExecution({ name: execution })],
      ["ListExecutions", () => executions().listExecutions({ parent: job })],
      ["CancelExecution", () => executions().cancelExecution({ name: execution })],
      ["DeleteExecution", () => executions().deleteExecution({ name: execution })],
    ];
    for (const [method, call] of calls) expect((await rpcFailure(call())).code, method).toBe("NOT_FOUND");
  });

  it("answers INVALID_ARGUMENT naming the field for bad ids, reserved labels, missing images and bad overrides", async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => createJob("Bad_Id"), "job_id"],
      [() => createJob("ok", {}, {}, { labels: { "run.googleapis.com": "x" } }), "job.labels[run.googleapis.com]"],
      [
        () => createJob("ok", {}, {}, { annotations: { "run.googleapis.com/launch-stage": "BETA" } }),
        "job.annotations[run.googleapis.com/launch-stage]",
      ],
      [() => createJob("ok", {}, { image: "" }), "job.template.template.containers[0].image"],
      [() => createJob("ok", {}, { env: [{ name: "1BAD", value: "x" }] }), "job.template.template.containers[0].env[0].name"],
      [() => createJob("ok", { maxRetries: 11 }), "job.template.template.maxRetries"],
    ];
    for (const [call, field] of cases) {
      const failure = await rpcFailure(call());
      expect(failure.code, field).toBe("INVALID_ARGUMENT");
      expect(failure.message).toContain(field);
    }
    // Creating a job that runs itself (execution tokens) is not emulated; RunJob is.
    expect((await rpcFailure(createJob("token", {}, {}, { startExecutionToken: "now" }))).code).toBe("UNIMPLEMENTED");
    const job = await createJob("ok");
    const bad = await rpcFailure(jobs().runJob({ name: job.name, overrides: { containerOverrides: [{ name: "sidecar", args: ["x"] }] } }));
    expect(bad).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(bad.message).toContain("overrides.containerOverrides[0].name");
  });
});
