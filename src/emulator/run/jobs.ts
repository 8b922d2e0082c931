// google.cloud.run.v2.Jobs: job resources and RunJob. Executions live in executions.ts.
import {
  assertEtag,
  computeEtag,
  DNS_1035,
  findNamed,
  listPage,
  newUid,
  parseName,
  truncate,
  updateTarget,
  validateAnnotations,
  validateLabels,
  wouldBeCreated,
} from "../common.js";
import { type Emu, timestamp } from "../context.js";
import { ApiError, invalid } from "../errors.js";
import type { Json, JsonValue } from "../proto.js";
import type { CallContext, Handler } from "../registry.js";
import {
  applyOverrides,
  buildExecution,
  deleteExecutions,
  durationMs,
  EXECUTION_TYPE,
  locationOf,
  MAX_TIMEOUT_MS,
  startExecution,
} from "./executions.js";
// Fields a caller sets, read from the descriptor. UpdateJob has no update_mask, so an update replaces all of them.
import { JOB_SETTABLE as SETTABLE, withoutOutputOnly } from "./fields.js";
import { iamHandlers } from "./iam.js";
import { validateTemplate } from "./spec.js";
import { validateEnums } from "./template.js";

// index.ts wires both services from this module.
export { executionHandlers } from "./executions.js";

const JOB_TYPE = "google.cloud.run.v2.Job";
const EMULATOR_USER = "emulator@runway.local";

/** Job ids follow the service id rules: a DNS-1035 label under 50 characters. */
export function validateJobId(id: unknown, field = "job_id"): string {
  if (typeof id !== "string" || id === "") throw invalid(field, "required");
  if (id.length >= 50 || !DNS_1035.test(id)) {
    const rule =
      "must start with a lowercase letter, contain only lowercase letters, digits and '-', not end with '-', and be under 50 characters";
    throw invalid(field, `${JSON.stringify(truncate(id))} ${rule}`);
  }
  return id;
}

function validateCounts(template: Json): void {
  const taskCount = Number(template.taskCount ?? 0);
  if (!Number.isInteger(taskCount) || taskCount < 0 || taskCount > 10_000)
    throw invalid("job.template.taskCount", "must be between 1 and 10000");
  const parallelism = Number(template.parallelism ?? 0);
  if (!Number.isInteger(parallelism) || parallelism < 0) throw invalid("job.template.parallelism", "must not be negative");
  const task = template.template as Json;
  const retries = task.maxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || (retries as number) < 0 || (retries as number) > 10)) {
    throw invalid("job.template.template.maxRetries", "must be between 0 and 10");
  }
  if (task.timeout !== undefined && !(durationMs(task.timeout) > 0 && durationMs(task.timeout) <= MAX_TIMEOUT_MS)) {
    throw invalid("job.template.template.timeout", "must be more than 0s and at most 168h");
  }
}

function validateJob(job: Json, jobId: string): void {
  validateEnums("job", JOB_TYPE, withoutOutputOnly(JOB_TYPE, job));
  validateLabels("job.labels", job.labels);
  validateAnnotations("job.annotations", job.annotations);
  for (const token of ["startExecutionToken", "runExecutionToken"]) {
    if (job[token]) throw new ApiError("UNIMPLEMENTED", `job.${token} is not supported by the emulator; call RunJob instead.`);
  }
  const template = job.template as Json | undefined;
  if (!template) throw invalid("job.template", "required");
  validateLabels("job.template.labels", template.labels);
  validateAnnotations("job.template.annotations", template.annotations);
  // Containers, volumes, probes and VPC access are checked as for a service's revision template.
  validateTemplate("job.template.template", template.template as Json | undefined, jobId, "job");
  validateCounts(template);
}

/** Fills the defaults the proto documents, so that reads show what an execution will use. */
function withDefaults(template: Json): Json {
  const resolved = structuredClone(template);
  resolved.taskCount = Number(resolved.taskCount ?? 0) || 1;
  const task = resolved.template as Json;
  task.maxRetries ??= 3;
  task.timeout ??= "600s";
  return resolved;
}

/** The fields a caller sets, without the output-only ones nested in them. */
const settable = (input: Json): Json => {
  const job = withoutOutputOnly(JOB_TYPE, input);
  return Object.fromEntries(SETTABLE.filter((f) => job[f] !== undefined).map((f) => [f, structuredClone(job[f] as JsonValue)]));
};

/** Nothing can keep a job from becoming ready (images are not pulled), so it is ready at once. */
function settle(job: Json, now: string): Json {
  Object.assign(job, {
    observedGeneration: job.generation,
    reconciling: false,
    terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: now },
    conditions: [],
  });
  job.etag = computeEtag(job);
  return job;
}

const getJob = (emu: Emu, name: unknown): Json => findNamed(emu.store.jobs, name, ["jobs"], "Job");

export function jobHandlers(emu: Emu): Record<string, Handler> {
  // Job changes finish synchronously, so their operations are returned done.
  const done = (job: Json, ctx: CallContext) => emu.ops.start(locationOf(String(job.name)), JOB_TYPE, job, job, ctx);

  function create(name: string, job: Json, validateOnly: boolean, ctx: CallContext): Promise<Json> {
    const jobId = name.split("/").pop() as string;
    if (emu.store.jobs.has(name)) throw new ApiError("ALREADY_EXISTS", `Resource '${jobId}' already exists.`);
    validateJob(job, jobId);
    const fields = settable(job);
    const now = timestamp(emu);
    const resource = settle(
      {
        launchStage: "GA",
        ...fields,
        template: withDefaults(fields.template as Json),
        name,
        uid: newUid(),
        generation: "1",
        createTime: now,
        updateTime: now,
        creator: EMULATOR_USER,
        lastModifier: EMULATOR_USER,
        executionCount: 0,
      },
      now,
    );
    if (validateOnly) return done(wouldBeCreated(resource), ctx);
    emu.store.jobs.set(name, resource);
    emu.changed();
    return done(resource, ctx);
  }

  function update(existing: Json, job: Json, validateOnly: boolean, ctx: CallContext): Promise<Json> {
    assertEtag(existing, job.etag);
    validateJob(job, String(existing.name).split("/").pop() as string);
    const fields = settable(job);
    const now = timestamp(emu);
    const status = Object.fromEntries(Object.entries(existing).filter(([field]) => !SETTABLE.includes(field))) as Json;
    const next = settle(
      {
        ...status,
        launchStage: "GA",
        ...fields,
        template: withDefaults(fields.template as Json),
        // Every accepted update is a change of desired state.
        generation: String(Number(existing.generation ?? 0) + 1),
        updateTime: now,
        lastModifier: EMULATOR_USER,
      },
      now,
    );
    if (!validateOnly) {
      emu.store.jobs.set(String(existing.name), next);
      emu.changed();
    }
    return done(next, ctx);
  }

  return {
    ...iamHandlers(emu, "jobs"),
    CreateJob: (req, ctx) => {
      parseName("parent", req.parent, []);
      const jobId = validateJobId(req.jobId);
      if (!req.job) throw invalid("job", "required");
      return create(`${req.parent}/jobs/${jobId}`, req.job as Json, req.validateOnly === true, ctx);
    },
    GetJob: (req) => getJob(emu, req.name),
    ListJobs: (req) => {
      parseName("parent", req.parent, []);
      const jobs = [...emu.store.jobs.values()].filter((job) => locationOf(String(job.name)) === req.parent);
      return listPage("jobs", jobs, req);
    },
    UpdateJob: (req, ctx) => {
      const { resource: job, id: jobId, existing } = updateTarget(req, "job", ["jobs"], "Job", emu.store.jobs);
      if (existing) return update(existing, job, req.validateOnly === true, ctx);
      validateJobId(jobId, "job.name");
      return create(String(job.name), job, req.validateOnly === true, ctx);
    },
    DeleteJob: (req, ctx) => {
      const job = getJob(emu, req.name);
      assertEtag(job, req.etag);
      if (req.validateOnly) return done(job, ctx);
      const name = String(req.name);
      emu.store.jobs.delete(name);
      emu.store.policies.delete(name);
      emu.changed();
      const deleted = { ...job, deleteTime: timestamp(emu) };
      // The executions disappear at once; the operation ends when their tasks have been killed.
      const work = deleteExecutions(emu, name).then(() => ({ response: deleted }));
      return emu.ops.start(locationOf(name), JOB_TYPE, deleted, work, ctx);
    },
    RunJob: (req, ctx) => {
      const job = getJob(emu, req.name);
      assertEtag(job, req.etag);
      const template = applyOverrides(job.template as Json, req.overrides as Json | undefined);
      const location = locationOf(String(job.name));
      if (req.validateOnly) {
        // AIP-163: the would-be execution, without the fields only creation can assign (name, uid).
        const wouldBe = buildExecution(emu, job, template);
        return emu.ops.start(location, EXECUTION_TYPE, wouldBe, wouldBe, ctx);
      }
      const { execution, outcome } = startExecution(emu, job, template);
      // Response and metadata are both the Execution; its name is in the metadata at once.
      return emu.ops.start(location, EXECUTION_TYPE, { ...execution }, outcome, ctx);
    },
  };
}
