// The Task resources of job executions (google.cloud.run.v2.Tasks): created with their execution,
// kept current by the task runner (tasks.ts) and served by GetTask and ListTasks.
import { computeEtag, newUid, paginate, parseName } from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { ApiError } from "../errors.js";
import type { Json } from "../proto.js";
import type { Handler } from "../registry.js";

const shortId = (name: string) => name.split("/").pop() as string;
const executionOf = (task: string) => task.split("/").slice(0, 8).join("/");
const jobOf = (name: string) => name.split("/").slice(0, 6).join("/");

/** The TaskTemplate fields a Task repeats (task.proto fields 14-20, 28, 29, 36, 37). */
const FROM_TEMPLATE = [
  "containers",
  "volumes",
  "maxRetries",
  "timeout",
  "serviceAccount",
  "executionEnvironment",
  "encryptionKey",
  "vpcAccess",
  "nodeSelector",
  "gpuZonalRedundancyDisabled",
];

export const taskName = (execution: string, index: number) => `${execution}/tasks/${shortId(execution)}-task${index}`;

const condition = (type: string, state: string, now: string, extra: Json = {}): Json => ({
  type,
  state,
  lastTransitionTime: now,
  ...extra,
});

/** Creates the execution's tasks, all pending: Started and Completed CONDITION_PENDING. */
export function createTasks(emu: Emu, execution: Json): void {
  const name = String(execution.name);
  const template = (execution.template ?? {}) as Json;
  const now = String(execution.createTime);
  for (let index = 0; index < Number(execution.taskCount); index++) {
    const task: Json = {
      name: taskName(name, index),
      uid: newUid(),
      generation: "1",
      labels: structuredClone(execution.labels ?? {}),
      annotations: structuredClone(execution.annotations ?? {}),
      createTime: now,
      updateTime: now,
      job: String(execution.job),
      execution: shortId(name),
      ...Object.fromEntries(FROM_TEMPLATE.filter((key) => template[key] !== undefined).map((key) => [key, structuredClone(template[key])])),
      reconciling: true,
      conditions: [condition("Started", "CONDITION_PENDING", now), condition("Completed", "CONDITION_PENDING", now)],
      observedGeneration: "1",
      index,
      retried: 0,
      logUri: execution.logUri ?? "",
    };
    task.etag = computeEtag(task);
    emu.store.tasks.set(String(task.name), task);
  }
}

function update(emu: Emu, execution: string, index: number, change: (task: Json, now: string) => void): void {
  // A deleted execution's tasks are gone; its runner may still report on them while it stops.
  const task = emu.store.tasks.get(taskName(execution, index));
  if (!task) return;
  const now = timestamp(emu);
  change(task, now);
  task.updateTime = now;
  task.etag = computeEtag(task);
  emu.changed();
}

const setCondition = (task: Json, next: Json) => {
  task.conditions = [...((task.conditions ?? []) as Json[]).filter((c) => c.type !== next.type), next];
};

/** An attempt starts: the first one schedules and starts the task; later ones count as retries. */
export function attemptStarted(emu: Emu, execution: string, index: number, attempt: number): void {
  update(emu, execution, index, (task, now) => {
    if (attempt === 0) {
      Object.assign(task, { scheduledTime: now, startTime: now });
      setCondition(task, condition("Started", "CONDITION_SUCCEEDED", now));
      setCondition(task, condition("Completed", "CONDITION_RECONCILING", now));
    }
    task.retried = attempt;
  });
}

/** How an attempt ended: its exit code, "timeout" (killed at the task timeout) or "cancelled". */
export function attemptEnded(emu: Emu, execution: string, index: number, result: number | "timeout" | "cancelled"): void {
  update(emu, execution, index, (task) => {
    task.lastAttemptResult =
      result === "timeout"
        ? { status: { code: 4, message: "The configured timeout was reached." } }
        : result === "cancelled"
          ? { status: { code: 1, message: "The task was cancelled." } }
          : result === 0
            ? { status: { code: 0 }, exitCode: 0 }
            : { status: { code: 2, message: `The container exited with code ${result}.` }, exitCode: result };
  });
}

/** The task's end: Completed SUCCEEDED, or FAILED with the reason, and reconciling false. */
export function taskEnded(
  emu: Emu,
  execution: string,
  index: number,
  end: { result: "succeeded" | "cancelled" } | { result: "failed"; message: string },
): void {
  update(emu, execution, index, (task, now) => {
    const failed = { severity: "ERROR" };
    const completed =
      end.result === "failed"
        ? condition("Completed", "CONDITION_FAILED", now, { ...failed, executionReason: "NON_ZERO_EXIT_CODE", message: end.message })
        : end.result === "cancelled"
          ? condition("Completed", "CONDITION_FAILED", now, { ...failed, executionReason: "CANCELLED", message: "The task was cancelled." })
          : condition("Completed", "CONDITION_SUCCEEDED", now);
    setCondition(task, completed);
    Object.assign(task, { completionTime: now, reconciling: false });
  });
}

export function deleteTasks(emu: Emu, execution: string): void {
  for (const name of [...emu.store.tasks.keys()]) if (executionOf(name) === execution) emu.store.tasks.delete(name);
}

/**
 * Parses a ListTasks parent. task.proto: "To list all Tasks across Executions of a Job, use "-"
 * instead of Execution name. To list all Tasks across Jobs, use "-" instead of Job name."
 */
function parseTaskParent(parent: unknown): { jobs: string; executions: string } {
  const parts = typeof parent === "string" ? parent.split("/") : [];
  const placeholder = parts.map((part, i) => ((i === 5 || i === 7) && part === "-" ? "x" : part)).join("/");
  parseName("parent", typeof parent === "string" ? placeholder : parent, ["jobs", "executions"]);
  return { jobs: parts[5] as string, executions: parts[7] as string };
}

export function taskHandlers(emu: Emu): Record<string, Handler> {
  return {
    GetTask: (req) => {
      const parts = parseName("name", req.name, ["jobs", "executions", "tasks"]);
      const name = String(req.name);
      if (!emu.store.executions.has(executionOf(name))) throw new ApiError("NOT_FOUND", `Execution ${parts.executions} not found.`);
      const task = emu.store.tasks.get(name);
      if (!task) throw new ApiError("NOT_FOUND", `Task ${parts.tasks} not found.`);
      return task;
    },
    ListTasks: (req) => {
      const ids = parseTaskParent(req.parent);
      const parent = String(req.parent);
      const location = parent.split("/").slice(0, 4).join("/");
      const job = `${location}/jobs/${ids.jobs}`;
      if (ids.jobs !== "-" && ids.executions !== "-" && !emu.store.executions.has(parent)) {
        throw new ApiError("NOT_FOUND", `Execution ${ids.executions} not found.`);
      }
      if (ids.jobs !== "-" && ids.executions === "-" && !emu.store.jobs.has(job))
        throw new ApiError("NOT_FOUND", `Job ${ids.jobs} not found.`);
      // Newest execution first, as ListExecutions orders them; by index within an execution.
      const executions = [...emu.store.executions.keys()]
        .filter((e) => jobOf(e).startsWith(`${location}/jobs/`))
        .filter((e) => ids.jobs === "-" || jobOf(e) === job)
        .filter((e) => ids.executions === "-" || shortId(e) === ids.executions)
        .reverse();
      const tasks = executions.flatMap((e) => {
        const count = Number(emu.store.executions.get(e)?.taskCount ?? 0);
        return Array.from({ length: count }, (_, i) => emu.store.tasks.get(taskName(e, i))).filter((t): t is Json => t !== undefined);
      });
      const { page, nextPageToken } = paginate(tasks, req, 1000, 100);
      return { tasks: page, nextPageToken };
    },
  };
}
