// Runs the tasks of a Cloud Run job execution: real processes for command images, timers for
// the rest. It counts tasks and keeps logs; the Execution resource itself belongs to executions.ts.
import type { Emu } from "../context.js";
import type { Json } from "../proto.js";
import type { ImageSpec } from "../serving/catalog.js";
import { LogBuffer, spawnCommand, stopProcess } from "../serving/process.js";
import { argvFor, envFor } from "../serving/runtime.js";
import { attemptEnded, attemptStarted, taskEnded } from "./task-resources.js";

export interface TaskPlan {
  /** Full execution name; the short id and the job id are derived from it. */
  execution: string;
  taskCount: number;
  /** Tasks allowed to run at once, already resolved (never 0). */
  parallelism: number;
  maxRetries: number;
  timeoutMs: number;
  /** The container to run, with the RunJob overrides applied. */
  container: Json;
}

export interface TaskCounts {
  runningCount: number;
  succeededCount: number;
  failedCount: number;
  cancelledCount: number;
  retriedCount: number;
}

export interface RunResult {
  counts: TaskCounts;
  cancelled: boolean;
  /** Why the lowest-numbered failed task failed, when one did. */
  failure?: string;
}

interface Attempt {
  exited: Promise<number>;
  kill(): Promise<void>;
}

interface Run {
  cancelled: boolean;
  attempts: Set<Attempt>;
  done: Promise<unknown>;
}

interface Runner {
  runs: Map<string, Run>;
  logs: Map<string, LogBuffer>;
}

// Per emulator, so that resetting one emulator never touches another's tasks in the same process.
const runners = new WeakMap<Emu, Runner>();

function runner(emu: Emu): Runner {
  const found = runners.get(emu) ?? { runs: new Map(), logs: new Map() };
  runners.set(emu, found);
  return found;
}

const shortId = (name: string) => name.split("/").pop() as string;
// setTimeout overflows above 2^31-1 ms and would then fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One attempt of a task: the image's command, or a timer standing in for an image without one. */
function startAttempt(spec: ImageSpec | undefined, container: Json, env: Record<string, string>, log: LogBuffer): Attempt {
  const argv = spec && argvFor(spec, container);
  if (spec && argv) {
    const spawned = spawnCommand(argv, { cwd: spec.cwd, env: envFor(spec, container, env) }, log);
    return { exited: spawned.exited, kill: () => stopProcess(spawned) };
  }
  let timer: NodeJS.Timeout | undefined;
  let finish: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    finish = resolve;
    timer = setTimeout(() => resolve(spec?.exitCode ?? 0), Math.min(spec?.latencyMs ?? 0, MAX_TIMER_MS));
  });
  return {
    exited,
    kill: async () => {
      clearTimeout(timer);
      finish(143);
    },
  };
}

/** The attempt's exit code, or "timeout" after killing an attempt that outlived the task timeout. */
async function awaitAttempt(attempt: Attempt, timeoutMs: number): Promise<number | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.min(timeoutMs, MAX_TIMER_MS));
  });
  const result = await Promise.race([attempt.exited, timeout]);
  clearTimeout(timer);
  if (result === "timeout") await attempt.kill();
  return result;
}

type TaskEnd = { result: "succeeded" | "cancelled" } | { result: "failed"; message: string };

/** Runs one task to success, to its last retry, or until the execution is cancelled. */
async function runTask(emu: Emu, plan: TaskPlan, run: Run, index: number, log: LogBuffer, retried: () => void): Promise<TaskEnd> {
  const spec = emu.runtime.spec(String(plan.container.image ?? ""));
  const task = `${shortId(plan.execution)}-task${index}`;
  for (let attempt = 0; ; attempt++) {
    const env = {
      CLOUD_RUN_JOB: plan.execution.split("/")[5] as string,
      CLOUD_RUN_EXECUTION: shortId(plan.execution),
      CLOUD_RUN_TASK_INDEX: String(index),
      CLOUD_RUN_TASK_COUNT: String(plan.taskCount),
      CLOUD_RUN_TASK_ATTEMPT: String(attempt),
    };
    const running = startAttempt(spec, plan.container, env, log);
    run.attempts.add(running);
    attemptStarted(emu, plan.execution, index, attempt);
    const code = await awaitAttempt(running, plan.timeoutMs);
    run.attempts.delete(running);
    attemptEnded(emu, plan.execution, index, code !== 0 && run.cancelled ? "cancelled" : code);
    if (code === 0) return { result: "succeeded" };
    if (run.cancelled) return { result: "cancelled" };
    log.append(`[emulator] ${task} attempt ${attempt} ${code === "timeout" ? "timed out" : `exited with code ${code}`}\n`);
    if (attempt >= plan.maxRetries) {
      const reason = code === "timeout" ? "The configured timeout was reached." : "The container exited with an error.";
      return { result: "failed", message: `Task ${task} failed with message: ${reason}` };
    }
    if (attempt === 0) retried();
  }
}

/**
 * Runs every task of an execution, at most `parallelism` at a time, reporting the counts after
 * each change. `finish` runs once all tasks have ended; its value is what the promise yields.
 */
export function runTasks<T>(
  emu: Emu,
  plan: TaskPlan,
  onChange: (counts: TaskCounts) => void,
  finish: (result: RunResult) => T,
): Promise<T> {
  const { runs, logs } = runner(emu);
  const log = new LogBuffer();
  logs.set(plan.execution, log);
  const run: Run = { cancelled: false, attempts: new Set(), done: Promise.resolve() };
  const counts: TaskCounts = { runningCount: 0, succeededCount: 0, failedCount: 0, cancelledCount: 0, retriedCount: 0 };
  const failures = new Map<number, string>();
  const pending = Array.from({ length: plan.taskCount }, (_, i) => i);
  const change = (update: (c: TaskCounts) => void) => {
    update(counts);
    onChange({ ...counts });
  };

  const worker = async () => {
    for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
      if (run.cancelled) {
        taskEnded(emu, plan.execution, index, { result: "cancelled" });
        change((c) => c.cancelledCount++);
        continue;
      }
      change((c) => c.runningCount++);
      const end = await runTask(emu, plan, run, index, log, () => change((c) => c.retriedCount++));
      taskEnded(emu, plan.execution, index, end);
      if (end.result === "failed") failures.set(index, end.message);
      change((c) => {
        c.runningCount--;
        c[`${end.result}Count`]++;
      });
    }
  };
  const workers = Array.from({ length: Math.min(plan.parallelism, plan.taskCount) }, worker);
  const done = Promise.all(workers)
    .then(() => finish({ counts: { ...counts }, cancelled: run.cancelled, failure: failures.get(Math.min(...failures.keys())) }))
    .finally(() => runs.delete(plan.execution));
  run.done = done;
  runs.set(plan.execution, run);
  return done;
}

/** Kills the execution's running attempts, skips its pending tasks and waits for `finish`. */
export async function cancelTasks(emu: Emu, execution: string): Promise<void> {
  const run = runner(emu).runs.get(execution);
  if (!run) return;
  run.cancelled = true;
  await Promise.all([...run.attempts].map((attempt) => attempt.kill()));
  await run.done.catch(() => undefined);
}

/** Output of an execution's tasks for GET /_emulator/logs/<execution>; undefined if it does not exist. */
export function executionLogs(emu: Emu, execution: string): string | undefined {
  if (!emu.store.executions.has(execution)) return undefined;
  return runner(emu).logs.get(execution)?.toString() ?? "";
}

export function forgetLogs(emu: Emu, execution: string): void {
  runner(emu).logs.delete(execution);
}

/** Cancels every running execution and drops all logs: the emulator is stopping or resetting. */
export async function stopAll(emu: Emu): Promise<void> {
  const { runs, logs } = runner(emu);
  await Promise.all([...runs.keys()].map((name) => cancelTasks(emu, name)));
  logs.clear();
}
