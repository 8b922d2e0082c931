// Cloud Run job executions: created by RunJob, advanced by the task runner (tasks.ts), and
// served by google.cloud.run.v2.Executions.
import { randomBytes } from "node:crypto";
import { assertEtag, computeEtag, findNamed, listPage, newUid, selectParent } from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { type ApiError, failedPrecondition, invalid } from "../errors.js";
import type { Json } from "../proto.js";
import type { Handler } from "../registry.js";
import { createTasks, deleteTasks } from "./task-resources.js";
import { cancelTasks, forgetLogs, type RunResult, runTasks, type TaskCounts } from "./tasks.js";

export const EXECUTION_TYPE = "google.cloud.run.v2.Execution";
type Outcome = { response: Json } | { error: ApiError };

export const locationOf = (name: string) => name.split("/").slice(0, 4).join("/");
const jobOf = (execution: string) => execution.split("/").slice(0, 6).join("/");
/** google.protobuf.Duration JSON ("600s", "1.5s") in milliseconds. */
export const durationMs = (duration: unknown) => Number.parseFloat(String(duration)) * 1000;
/** Cloud Run's documented maximum task timeout: 168 hours. */
export const MAX_TIMEOUT_MS = 168 * 3600 * 1000;
const condition = (type: string, state: string, now: string, extra: Json = {}): Json => ({
  type,
  state,
  lastTransitionTime: now,
  ...extra,
});
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

// The Kubernetes generateName alphabet (no vowels, no look-alikes), which real names fit.
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function newExecutionName(emu: Emu, job: string): string {
  for (;;) {
    const suffix = [...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join("");
    const name = `${job}/executions/${job.split("/").pop()}-${suffix}`;
    if (!emu.store.executions.has(name)) return name;
  }
}

/** The job's ExecutionTemplate with RunJob overrides applied; the job itself is unchanged. */
export function applyOverrides(template: Json, overrides: Json | undefined): Json {
  const resolved = structuredClone(template);
  const task = resolved.template as Json;
  const containers = (task.containers ?? []) as Json[];
  ((overrides?.containerOverrides ?? []) as Json[]).forEach((override, i) => {
    const field = `overrides.containerOverrides[${i}]`;
    // An unnamed override addresses the only (or first) container, as gcloud's --args does.
    const container = override.name ? containers.find((c) => c.name === override.name) : containers[0];
    if (!container) throw invalid(`${field}.name`, `no container named ${JSON.stringify(override.name)} in the job`);
    const args = (override.args ?? []) as string[];
    if (override.clearArgs && args.length) throw invalid(`${field}.clearArgs`, "cannot be set together with args");
    if (override.clearArgs) delete container.args;
    else if (args.length) container.args = [...args];
    const env = [...((container.env ?? []) as Json[])];
    ((override.env ?? []) as Json[]).forEach((item, j) => {
      if (typeof item.name !== "string" || !ENV_NAME.test(item.name)) {
        throw invalid(`${field}.env[${j}].name`, "must be a valid environment variable name");
      }
      const at = env.findIndex((e) => e.name === item.name);
      if (at >= 0) env[at] = item;
      else env.push(item);
    });
    if (env.length) container.env = env;
  });
  const taskCount = Number(overrides?.taskCount ?? 0);
  if (!Number.isInteger(taskCount) || taskCount < 0 || taskCount > 10_000)
    throw invalid("overrides.taskCount", "must be between 0 and 10000");
  if (taskCount > 0) resolved.taskCount = taskCount;
  if (overrides?.timeout !== undefined) {
    const ms = durationMs(overrides.timeout);
    if (!(ms > 0 && ms <= MAX_TIMEOUT_MS)) throw invalid("overrides.timeout", "must be more than 0s and at most 168h");
    task.timeout = overrides.timeout;
  }
  return resolved;
}

/** What RunJob would create from a resolved template, without the name-dependent fields. */
export function buildExecution(emu: Emu, job: Json, template: Json): Json {
  const now = timestamp(emu);
  const taskCount = Number(template.taskCount);
  const parallelism = Number(template.parallelism ?? 0);
  const execution: Json = {
    creator: "emulator@runway.local",
    generation: "1",
    labels: structuredClone(template.labels ?? {}),
    annotations: structuredClone(template.annotations ?? {}),
    createTime: now,
    startTime: now,
    updateTime: now,
    launchStage: job.launchStage ?? "GA",
    job: String(job.name).split("/").pop() as string,
    // 0 means as many as possible, which the execution reports as the effective value.
    parallelism: parallelism > 0 ? Math.min(parallelism, taskCount) : taskCount,
    taskCount,
    template: structuredClone(template.template as Json),
    reconciling: true,
    observedGeneration: "1",
    // The emulator provisions at once, so the execution is born started.
    conditions: [
      condition("ResourcesAvailable", "CONDITION_SUCCEEDED", now),
      condition("Started", "CONDITION_SUCCEEDED", now),
      condition("Completed", "CONDITION_RECONCILING", now),
    ],
  };
  execution.etag = computeEtag(execution);
  return execution;
}

function save(emu: Emu, execution: Json, fields: Json): void {
  Object.assign(execution, fields, { updateTime: timestamp(emu) });
  execution.etag = computeEtag(execution);
  emu.changed();
}

function setCompleted(execution: Json, completed: Json): Json[] {
  return [...((execution.conditions ?? []) as Json[]).filter((c) => c.type !== "Completed"), completed];
}

/** Keeps the job's latestCreatedExecution current; a stale execution leaves it alone. */
function updateJobReference(emu: Emu, execution: Json, fields: Json): void {
  const job = emu.store.jobs.get(jobOf(String(execution.name)));
  const reference = job?.latestCreatedExecution as Json | undefined;
  if (!job || reference?.name !== execution.name) return;
  job.latestCreatedExecution = { ...reference, ...fields };
  job.etag = computeEtag(job);
}

/** Final state once every task has ended; a failed task fails the RunJob operation. */
function complete(emu: Emu, execution: Json, result: RunResult): Outcome {
  const now = timestamp(emu);
  const failed = { state: "CONDITION_FAILED", severity: "ERROR" };
  const [completed, status]: [Json, string] = result.cancelled
    ? [{ ...failed, executionReason: "CANCELLED", message: "The execution was cancelled." }, "EXECUTION_CANCELLED"]
    : result.failure
      ? [{ ...failed, executionReason: "NON_ZERO_EXIT_CODE", message: result.failure }, "EXECUTION_FAILED"]
      : [{ state: "CONDITION_SUCCEEDED" }, "EXECUTION_SUCCEEDED"];
  const conditions = setCompleted(execution, { type: "Completed", lastTransitionTime: now, ...completed });
  save(emu, execution, { ...result.counts, completionTime: now, reconciling: false, conditions });
  updateJobReference(emu, execution, { completionTime: now, completionStatus: status });
  // A cancelled execution completes its operation without an error (apache/airflow#57791).
  return result.failure && !result.cancelled ? { error: failedPrecondition(result.failure) } : { response: { ...execution } };
}

/** Creates and starts an execution of the job; the outcome settles when it completes. */
export function startExecution(emu: Emu, job: Json, template: Json): { execution: Json; outcome: Promise<Outcome> } {
  const name = newExecutionName(emu, String(job.name));
  const execution: Json = { name, uid: newUid(), ...buildExecution(emu, job, template), logUri: emu.urls.logs(name) };
  execution.etag = computeEtag(execution);
  emu.store.executions.set(name, execution);
  createTasks(emu, execution);
  job.executionCount = Number(job.executionCount ?? 0) + 1;
  job.latestCreatedExecution = { name, createTime: execution.createTime as string, completionStatus: "EXECUTION_RUNNING" };
  job.etag = computeEtag(job);
  emu.changed();
  const task = execution.template as Json;
  const plan = {
    execution: name,
    taskCount: Number(execution.taskCount),
    parallelism: Number(execution.parallelism),
    maxRetries: Number(task.maxRetries ?? 0),
    timeoutMs: durationMs(task.timeout),
    container: ((task.containers ?? []) as Json[])[0] as Json,
  };
  const outcome = runTasks(
    emu,
    plan,
    (counts: TaskCounts) => save(emu, execution, { ...counts }),
    (result) => complete(emu, execution, result),
  );
  return { execution, outcome };
}

/** Removes a job's executions at once; their running tasks are killed before the promise settles. */
export function deleteExecutions(emu: Emu, job: string): Promise<void> {
  const names = [...emu.store.executions.keys()].filter((name) => jobOf(name) === job);
  for (const name of names) {
    emu.store.executions.delete(name);
    deleteTasks(emu, name);
  }
  return Promise.all(names.map((name) => cancelTasks(emu, name).then(() => forgetLogs(emu, name)))).then(() => undefined);
}

const getExecution = (emu: Emu, name: unknown): Json => findNamed(emu.store.executions, name, ["jobs", "executions"], "Execution");

export function executionHandlers(emu: Emu): Record<string, Handler> {
  return {
    GetExecution: (req) => getExecution(emu, req.name),
    ListExecutions: (req) => {
      // "To list all Executions across Jobs, use "-" instead of Job name" (execution.proto).
      const selected = selectParent(req.parent, "jobs", "Job", emu.store.jobs);
      const executions = [...emu.store.executions.values()].filter((e) => selected(jobOf(String(e.name))));
      return listPage("executions", executions, req);
    },
    DeleteExecution: (req, ctx) => {
      const execution = getExecution(emu, req.name);
      assertEtag(execution, req.etag);
      const name = String(req.name);
      if (req.validateOnly) return emu.ops.start(locationOf(name), EXECUTION_TYPE, execution, execution, ctx);
      emu.store.executions.delete(name);
      deleteTasks(emu, name);
      updateJobReference(emu, execution, { deleteTime: timestamp(emu) });
      emu.changed();
      const work = cancelTasks(emu, name).then(() => {
        forgetLogs(emu, name);
        return { response: { ...execution, deleteTime: timestamp(emu) } };
      });
      return emu.ops.start(locationOf(name), EXECUTION_TYPE, { ...execution }, work, ctx);
    },
    CancelExecution: (req, ctx) => {
      const execution = getExecution(emu, req.name);
      assertEtag(execution, req.etag);
      const name = String(req.name);
      if (execution.completionTime)
        throw failedPrecondition(`Execution ${name.split("/").pop()} has already completed and cannot be cancelled.`);
      if (req.validateOnly) return emu.ops.start(locationOf(name), EXECUTION_TYPE, execution, execution, ctx);
      const cancelling = condition("Completed", "CONDITION_RECONCILING", timestamp(emu), { executionReason: "CANCELLING" });
      save(emu, execution, { conditions: setCompleted(execution, cancelling) });
      const work = cancelTasks(emu, name).then(() => ({ response: { ...execution } }));
      return emu.ops.start(locationOf(name), EXECUTION_TYPE, { ...execution }, work, ctx);
    },
  };
}
