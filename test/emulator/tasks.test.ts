import { protos } from "@google-cloud/run";
import { describe, expect, it } from "vitest";
import { PARENT, rpcFailure, TRANSPORTS, useEmulator } from "../helpers/emulator.js";

type Task = protos.google.cloud.run.v2.ITask;
type Condition = protos.google.cloud.run.v2.ICondition;

const fx = useEmulator();

const MIXED = "europe-docker.pkg.dev/demo/jobs/mixed:1";
const SLOW = "europe-docker.pkg.dev/demo/jobs/slow:1";
const QUICK = "europe-docker.pkg.dev/demo/jobs/quick:1";
// Task 0 succeeds, task 1 fails its first attempt and then succeeds, task 2 always exits 3.
const SCRIPT = `
const i = Number(process.env.CLOUD_RUN_TASK_INDEX), a = Number(process.env.CLOUD_RUN_TASK_ATTEMPT);
process.exit(i === 1 && a === 0 ? 1 : i === 2 ? 3 : 0);
`;

const { Condition: ConditionEnums } = protos.google.cloud.run.v2;
const named = (values: Record<number, string>, value: unknown) => (typeof value === "number" ? values[value] : value);
function completed(task: Task): { state: unknown; executionReason: unknown; message?: string | null } {
  const condition = (task.conditions ?? []).find((c: Condition) => c.type === "Completed");
  return {
    state: named(ConditionEnums.State, condition?.state),
    executionReason: named(ConditionEnums.ExecutionReason, condition?.executionReason),
    message: condition?.message,
  };
}
const started = (task: Task) => named(ConditionEnums.State, (task.conditions ?? []).find((c: Condition) => c.type === "Started")?.state);
const short = (name: string | null | undefined) => String(name).split("/").pop();

describe.each(TRANSPORTS)("tasks over %s", (transport) => {
  const tasks = () => fx.tasks[transport];
  const jobs = () => fx.clients[transport].jobs;
  const executions = () => fx.clients[transport].executions;

  async function createJob(jobId: string, image: string, task: Record<string, unknown> = {}, taskCount = 1, parallelism = 0) {
    const template = { taskCount, parallelism, template: { containers: [{ image }], ...task } };
    const [op] = await jobs().createJob({ parent: PARENT, jobId, job: { template } });
    return (await op.promise())[0];
  }
  async function run(jobId: string) {
    const [op] = await jobs().runJob({ name: `${PARENT}/jobs/${jobId}` });
    return { op, name: String((op.metadata as protos.google.cloud.run.v2.IExecution).name) };
  }

  it("lists and reads an execution's tasks with the fields task.proto defines", async () => {
    await fx.control("/_emulator/images", { image: MIXED, command: ["node", "-e", SCRIPT] });
    await createJob("mixed", MIXED, { maxRetries: 1, timeout: { seconds: 120 }, serviceAccount: "jobs@demo.iam.gserviceaccount.com" }, 3);
    const { op, name } = await run("mixed");
    await op.promise().catch(() => undefined);
    const [execution] = await executions().getExecution({ name });
    expect([execution.succeededCount, execution.failedCount, execution.retriedCount]).toEqual([2, 1, 2]);

    const [page, next] = await tasks().listTasks({ parent: name, pageSize: 2 }, { autoPaginate: false });
    const [rest, last] = await tasks().listTasks({ ...next, parent: name, pageSize: 2 }, { autoPaginate: false });
    expect(last).toBeNull();
    const all = [...page, ...rest];
    const id = short(name);
    expect(all.map((t) => t.name)).toEqual([0, 1, 2].map((i) => `${name}/tasks/${id}-task${i}`));
    expect(all.map((t) => t.index ?? 0)).toEqual([0, 1, 2]);
    expect(all.map((t) => t.retried ?? 0)).toEqual([0, 1, 1]);
    expect(all.map((t) => completed(t).state)).toEqual(["CONDITION_SUCCEEDED", "CONDITION_SUCCEEDED", "CONDITION_FAILED"]);
    expect(all.map((t) => t.lastAttemptResult?.exitCode ?? 0)).toEqual([0, 0, 3]);
    const failed = all[2] as Task;
    expect(completed(failed)).toMatchObject({
      executionReason: "NON_ZERO_EXIT_CODE",
      message: `Task ${id}-task2 failed with message: The container exited with an error.`,
    });
    expect(failed.lastAttemptResult?.status?.code).toBe(2);

    for (const task of all) {
      expect(task.job).toBe("mixed");
      expect(task.execution).toBe(id);
      expect(task.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(String(task.generation)).toBe("1");
      expect(String(task.observedGeneration)).toBe("1");
      expect(task.reconciling ?? false).toBe(false);
      expect(started(task)).toBe("CONDITION_SUCCEEDED");
      expect(task.containers?.[0]?.image).toBe(MIXED);
      expect(task.maxRetries).toBe(1);
      expect(String(task.timeout?.seconds)).toBe("120");
      expect(task.serviceAccount).toBe("jobs@demo.iam.gserviceaccount.com");
      expect(task.logUri).toBe(execution.logUri);
      for (const field of ["createTime", "scheduledTime", "startTime", "completionTime", "updateTime"] as const)
        expect(task[field]?.seconds).toBeTruthy();
      expect(task.etag).toBeTruthy();
      const [read] = await tasks().getTask({ name: task.name });
      expect(read).toEqual(task);
    }
  });

  it("shows running and pending tasks, then cancelled ones", async () => {
    await fx.control("/_emulator/images", { image: SLOW, latencyMs: 60_000 });
    await createJob("slow", SLOW, {}, 2, 1);
    const { op, name } = await run("slow");
    const [[running, pending]] = await tasks().listTasks({ parent: name });
    expect([started(running as Task), completed(running as Task).state, running?.reconciling]).toEqual([
      "CONDITION_SUCCEEDED",
      "CONDITION_RECONCILING",
      true,
    ]);
    expect(running?.startTime).toBeTruthy();
    expect([started(pending as Task), completed(pending as Task).state, pending?.reconciling]).toEqual([
      "CONDITION_PENDING",
      "CONDITION_PENDING",
      true,
    ]);
    expect(pending?.startTime ?? null).toBeNull();

    await (await executions().cancelExecution({ name }))[0].promise();
    await op.promise();
    const [after] = await tasks().listTasks({ parent: name });
    for (const task of after) {
      expect(completed(task)).toMatchObject({ state: "CONDITION_FAILED", executionReason: "CANCELLED" });
      expect(task.reconciling ?? false).toBe(false);
      expect(task.completionTime).toBeTruthy();
    }
    expect(after[0]?.lastAttemptResult?.status?.code).toBe(1);
    expect(after[1]?.startTime ?? null).toBeNull();
  });

  it("lists across executions and jobs with the documented '-' wildcards, newest execution first", async () => {
    await fx.control("/_emulator/images", { image: QUICK });
    await createJob("a", QUICK, {}, 2);
    await createJob("b", QUICK);
    const first = await run("a");
    await first.op.promise();
    const second = await run("a");
    await second.op.promise();
    const other = await run("b");
    await other.op.promise();

    const [ofJob] = await tasks().listTasks({ parent: `${PARENT}/jobs/a/executions/-` });
    expect(ofJob.map((t) => `${t.execution}/${t.index ?? 0}`)).toEqual(
      [short(second.name), short(second.name), short(first.name), short(first.name)].map((e, i) => `${e}/${i % 2}`),
    );
    const [everywhere] = await tasks().listTasks({ parent: `${PARENT}/jobs/-/executions/-` });
    expect(everywhere.map((t) => t.job)).toEqual(["b", "a", "a", "a", "a"]);
    const [byId] = await tasks().listTasks({ parent: `${PARENT}/jobs/-/executions/${short(other.name)}` });
    expect(byId.map((t) => t.name)).toEqual([`${other.name}/tasks/${short(other.name)}-task0`]);
    expect((await rpcFailure(tasks().listTasks({ parent: `${PARENT}/jobs/missing/executions/-` }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND, INVALID_ARGUMENT and bound page tokens as the real API does", async () => {
    await fx.control("/_emulator/images", { image: QUICK });
    await createJob("e", QUICK, {}, 3);
    const one = await run("e");
    await one.op.promise();
    const two = await run("e");
    await two.op.promise();

    const unknownExecution = await rpcFailure(tasks().getTask({ name: `${PARENT}/jobs/e/executions/e-zzzzz/tasks/e-zzzzz-task0` }));
    expect(unknownExecution).toMatchObject({ code: "NOT_FOUND" });
    expect(unknownExecution.message).toContain("e-zzzzz");
    const unknownTask = await rpcFailure(tasks().getTask({ name: `${one.name}/tasks/${short(one.name)}-task9` }));
    expect(unknownTask).toMatchObject({ code: "NOT_FOUND" });
    expect(unknownTask.message).toContain("task9");
    expect((await rpcFailure(tasks().listTasks({ parent: `${PARENT}/jobs/e/executions/e-zzzzz` }))).code).toBe("NOT_FOUND");

    // Names that fit the google.api.http templates reach the server over both transports; the
    // REST client cannot build a URL for a name of the wrong shape, so that one is gRPC only.
    const malformed = await rpcFailure(tasks().getTask({ name: `${one.name}/tasks/-` }));
    expect(malformed.code).toBe("INVALID_ARGUMENT");
    expect(malformed.message).toContain("name");
    expect((await rpcFailure(tasks().listTasks({ parent: `${PARENT}/jobs/_bad/executions/x` }))).code).toBe("INVALID_ARGUMENT");
    if (transport === "grpc") {
      expect((await rpcFailure(tasks().getTask({ name: `${PARENT}/jobs/e/tasks/x` }))).code).toBe("INVALID_ARGUMENT");
      expect((await rpcFailure(tasks().listTasks({ parent: `${PARENT}/executions/x` }))).code).toBe("INVALID_ARGUMENT");
    }

    const [, next] = await tasks().listTasks({ parent: one.name, pageSize: 1 }, { autoPaginate: false });
    expect(next?.pageToken).toBeTruthy();
    const [second] = await tasks().listTasks({ parent: one.name, pageSize: 2, pageToken: next?.pageToken }, { autoPaginate: false });
    expect(second.map((t) => t.index ?? 0)).toEqual([1, 2]);
    const foreign = await rpcFailure(
      tasks().listTasks({ parent: two.name, pageSize: 1, pageToken: next?.pageToken }, { autoPaginate: false }),
    );
    expect(foreign.code).toBe("INVALID_ARGUMENT");

    await (await executions().deleteExecution({ name: one.name }))[0].promise();
    expect((await rpcFailure(tasks().getTask({ name: `${one.name}/tasks/${short(one.name)}-task0` }))).code).toBe("NOT_FOUND");
    const [remaining] = await tasks().listTasks({ parent: `${PARENT}/jobs/e/executions/-` });
    expect(remaining.map((t) => t.execution)).toEqual([short(two.name), short(two.name), short(two.name)]);
  });
});
