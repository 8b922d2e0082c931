// google.cloud.scheduler.v1.CloudScheduler. No method is long-running: each answers with the Job
// (or Empty) at once. Behaviour choices are listed in docs/emulator-fidelity.md.
import { randomUUID } from "node:crypto";
import protobuf from "protobufjs";
import { paginate, parseName } from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { ApiError, invalid } from "../errors.js";
import { type Json, type JsonValue, messageType } from "../proto.js";
import type { Handler, Registry } from "../registry.js";
import { dispatch } from "./dispatch.js";
import { nextScheduleTime, parseJobName, validateJob, withDefaults } from "./validate.js";

const JOB_TYPE = messageType("google.cloud.scheduler.v1.Job");
/** Fields a caller sets; the rest of a Job is the name or output only (and ignored on input). */
const SETTABLE = [
  "description",
  "pubsubTarget",
  "appEngineHttpTarget",
  "httpTarget",
  "schedule",
  "timeZone",
  "retryConfig",
  "attemptDeadline",
];
const INVALID_MASK = () => new ApiError("INVALID_ARGUMENT", "Invalid mask for Job", "update_mask");

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The Job fields a mask path names. Paths reach here as proto (snake_case) names: over REST the
 * JSON codec has already turned proto3 JSON's camelCase (`updateMask=timeZone`) into `time_zone`.
 * Over gRPC the FieldMask is binary and carries field names, so a camelCase path fails there.
 * Paths may descend into Scheduler messages (`http_target.uri`).
 */
function resolvePath(path: string): protobuf.Field[] {
  const fields: protobuf.Field[] = [];
  let type: protobuf.Type | undefined = JOB_TYPE;
  for (const segment of path.split(".")) {
    const field: protobuf.Field | undefined = /^[a-z][a-z0-9_]*$/.test(segment) ? type?.fields[camel(segment)] : undefined;
    if (!field) throw INVALID_MASK();
    field.resolve();
    fields.push(field);
    const next: protobuf.ReflectionObject | null = field.resolvedType;
    type = next instanceof protobuf.Type && !field.map && !field.repeated && next.fullName.startsWith(".google.cloud.") ? next : undefined;
  }
  return fields;
}

/** Copies one masked path from the request into the job; setting a oneof member clears its siblings. */
function copyPath(job: Json, update: Json, fields: protobuf.Field[]): void {
  let node = job;
  const value = fields.reduce<unknown>((v, f) => (v as Json | undefined)?.[f.name], update);
  fields.forEach((field, i) => {
    if (value !== undefined) for (const sibling of field.partOf?.oneof ?? []) if (sibling !== field.name) delete node[sibling];
    if (i === fields.length - 1) {
      if (value === undefined) delete node[field.name];
      else node[field.name] = structuredClone(value) as Json;
      return;
    }
    node[field.name] = { ...((node[field.name] as Json | undefined) ?? {}) };
    node = node[field.name] as Json;
  });
}

/**
 * AIP-134: a mask lists the paths to copy; without one, every populated field of the request is
 * copied; `*` replaces all settable fields. Output-only paths and `name` are ignored (job.proto).
 */
function maskPaths(update: Json, mask: string | undefined): protobuf.Field[][] {
  const top = (names: string[]) => names.map((n) => [JOB_TYPE.fields[n] as protobuf.Field]);
  if (!mask) return top(SETTABLE.filter((f) => update[f] !== undefined));
  if (mask === "*") return top(SETTABLE);
  return mask.split(",").filter(Boolean).map(resolvePath);
}

function applyMask(current: Json, update: Json, paths: protobuf.Field[][]): Json {
  const next = structuredClone(current);
  for (const fields of paths) if (SETTABLE.includes((fields[0] as protobuf.Field).name)) copyPath(next, update, fields);
  return next;
}

export function schedulerHandlers(emu: Emu, registry: Registry): Record<string, Handler> {
  const jobs = emu.store.schedulerJobs;

  function getJob(name: JsonValue | undefined): Json {
    parseJobName(name);
    const job = jobs.get(String(name));
    if (!job) throw new ApiError("NOT_FOUND", "Job not found.");
    return job;
  }

  /** Recomputes the next run of an enabled job, so it never reports a time already past. */
  function present(job: Json): Json {
    const now = emu.now();
    if (job.state === "ENABLED" && (!job.scheduleTime || Date.parse(String(job.scheduleTime)) <= now.getTime())) {
      const next = nextScheduleTime(job, now);
      if (next) job.scheduleTime = next;
    }
    return { ...job };
  }

  /** The job as it will be stored: defaults filled in, then checked as a whole. */
  function prepare(job: Json): Json {
    const complete = withDefaults(job);
    validateJob(complete);
    return complete;
  }

  /** Stores a prepared job with a fresh user_update_time and schedule_time. */
  function save(stored: Json): Json {
    stored.userUpdateTime = timestamp(emu);
    delete stored.scheduleTime;
    jobs.set(String(stored.name), stored);
    emu.changed();
    return present(stored);
  }

  function setState(name: JsonValue | undefined, from: string, to: string): Json {
    const job = getJob(name);
    if (job.state !== from) throw new ApiError("FAILED_PRECONDITION", `Job is not in ${from} state.`);
    job.state = to;
    job.userUpdateTime = timestamp(emu);
    // A paused job has no next run; resuming computes one again.
    delete job.scheduleTime;
    emu.changed();
    return present(job);
  }

  return {
    ListJobs: (req) => {
      parseName("parent", req.parent, []);
      const mine = [...jobs.values()].filter((j) => String(j.name).startsWith(`${req.parent}/jobs/`));
      const { page, nextPageToken } = paginate(mine, req, 500, 500);
      return { jobs: page.map(present), nextPageToken };
    },
    GetJob: (req) => present(getJob(req.name)),
    CreateJob: (req) => {
      parseName("parent", req.parent, []);
      const job = req.job as Json | undefined;
      if (!job) throw invalid("job", "required");
      // "If a name is not specified then the system will generate a random unique name" (proto).
      const name = job.name ? String(job.name) : `${req.parent}/jobs/${randomUUID().replaceAll("-", "")}`;
      if (parseJobName(name, "job.name").parent !== req.parent) throw invalid("job.name", `must be in ${String(req.parent)}`);
      const fields = Object.fromEntries(SETTABLE.filter((f) => job[f] !== undefined).map((f) => [f, structuredClone(job[f])]));
      const prepared = prepare({ ...fields, name, state: "ENABLED" });
      if (jobs.has(name)) throw new ApiError("ALREADY_EXISTS", `Job ${name} already exists.`);
      return save(prepared);
    },
    UpdateJob: (req) => {
      const update = req.job as Json | undefined;
      if (!update) throw invalid("job", "required");
      parseJobName(update.name, "job.name");
      const paths = maskPaths(update, req.updateMask as string | undefined);
      return save(prepare(applyMask(getJob(update.name), update, paths)));
    },
    DeleteJob: (req) => {
      getJob(req.name);
      jobs.delete(String(req.name));
      emu.changed();
      return {};
    },
    PauseJob: (req) => setState(req.name, "ENABLED", "PAUSED"),
    ResumeJob: (req) => setState(req.name, "PAUSED", "ENABLED"),
    RunJob: async (req) => {
      const job = getJob(req.name);
      const started = timestamp(emu);
      const outcome = await dispatch(emu, registry, job, parseJobName(job.name).jobId);
      job.lastAttemptTime = started;
      job.status = outcome;
      emu.changed();
      return present(job);
    },
  };
}
