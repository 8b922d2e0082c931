// The parts of an environment that later features use: migrations, batch jobs and schedules.
// They are validated from the start so that a typo fails on the first deploy, not the first run.
import { z } from "zod";
import {
  cpu,
  cronExpression,
  duration,
  email,
  envMap,
  intAtLeast,
  intRange,
  jobId,
  memory,
  obj,
  requestPath,
  stringList,
  timeZone,
  uniqueNames,
} from "./fields.js";

const policy = z.enum(["allow", "warn", "require-approval", "block"]);

const migrationPolicy = obj(
  {
    expand: policy.default("allow").describe("Adding tables, nullable columns, indexes built concurrently. Default: allow."),
    contract: policy.default("warn").describe("Dropping or renaming what the previous release still reads. Default: warn."),
    locking: policy.default("warn").describe("Operations that hold a table lock long enough to stall traffic. Default: warn."),
    irreversible: policy.default("warn").describe("Operations Django cannot reverse, which block a rollback past them. Default: warn."),
  },
  {
    hints: {
      broken:
        "broken is not configurable: a broken finding blocks unless acknowledged in the file or named in allow, and a graph Django cannot run always blocks",
    },
  },
).describe("What to do with each kind of migration: allow, warn, require-approval (a PR label) or block.");

export const migrationsSchema = obj(
  {
    job: jobId().describe("The Cloud Run job that runs the migrations, with the release image. Required."),
    command: stringList()
      .min(1, "must not be empty")
      .default(["python", "manage.py", "migrate", "--noinput"])
      .describe('The migration command. Default: ["python", "manage.py", "migrate", "--noinput"].'),
    "lock-timeout": duration({ min: "1ms", max: "1h" })
      .prefault("5s")
      .describe(
        "PostgreSQL lock_timeout while migrating: a migration waiting for a lock fails instead of queueing traffic behind it. Default: 5s.",
      ),
    "statement-timeout": duration({ min: "1ms", max: "24h" })
      .prefault("60s")
      .describe("PostgreSQL statement_timeout while migrating. Default: 60s."),
    policy: migrationPolicy.prefault({}),
    "approval-label": z
      .string()
      .min(1, "must not be empty")
      .max(50, "must be at most 50 characters (GitHub's limit for a label)")
      .default("runway/allow-migrations")
      .describe("The pull request label that approves migrations whose policy is require-approval. Default: runway/allow-migrations."),
  },
  { millis: ["lock-timeout", "statement-timeout"] },
).meta({ title: "Migrations", description: "The Django migration gate. Omit it when the app has no database migrations." });

// Cloud Run sets these in every job task (cloud.google.com/run/docs/container-contract#jobs-env-vars).
const JOB_RESERVED = ["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"];

const batchJob = obj(
  {
    name: jobId().describe("The Cloud Run job id. Required; unique among batch jobs."),
    command: stringList().optional().describe("Overrides the image's entrypoint."),
    args: stringList().optional().describe("Arguments to the command."),
    env: envMap(JOB_RESERVED).default({}).describe("Environment variables for every task."),
    resources: obj({
      cpu: cpu().default("1").describe('CPU per task. Default: "1".'),
      memory: memory().default("512Mi").describe('Memory per task. Default: "512Mi".'),
    }).prefault({}),
    "task-count": intRange(1, 10_000).default(1).describe("How many tasks each execution runs. Default: 1."),
    parallelism: intAtLeast(0).default(0).describe("How many tasks run at once; 0 lets Cloud Run choose. Default: 0."),
    timeout: duration({ min: "1s", max: "168h" })
      .prefault("600s")
      .describe("Time limit of each task attempt, at most 168h. Default: 600s."),
    "max-retries": intRange(0, 10).default(3).describe("Retries of a failed task. Default: 3."),
  },
  { millis: ["timeout"] },
);

export const batchSchema = z
  .array(batchJob)
  .superRefine(uniqueNames("batch job"))
  .default([])
  .meta({ title: "Batch jobs", description: "Cloud Run jobs that run the release image; they move with each release." });

const batchTarget = z.string().min(1, "must name a batch job").describe("The name of an entry in `batch` to execute.");

const overrides = obj(
  {
    args: stringList().optional(),
    env: envMap(JOB_RESERVED).optional(),
    "task-count": intRange(1, 10_000).optional(),
    timeout: duration({ min: "1s", max: "168h" }).optional(),
  },
  { millis: ["timeout"] },
).describe("Per-schedule overrides of the batch job's args, env, task count and timeout.");

const httpTarget = obj({
  path: requestPath().describe('The path on the service to call, starting with "/". Required.'),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST").describe("Default: POST."),
  body: z.string().optional().describe("The request body (POST, PUT and PATCH only)."),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name"), z.string()).default({}),
}).superRefine((http, ctx) => {
  if (http.body !== undefined && !["POST", "PUT", "PATCH"].includes(http.method)) {
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: `a ${http.method} request cannot have a body (Cloud Scheduler allows one for POST, PUT and PATCH)`,
      input: http.body,
    });
  }
});

/** A target comes out in one of two shapes, so that code using it has to say which one it handles. */
type TargetShape = { batch: string; overrides?: z.output<typeof overrides> } | { http: z.output<typeof httpTarget> };

const target = obj({ batch: batchTarget.optional(), overrides: overrides.optional(), http: httpTarget.optional() })
  .superRefine((value, ctx) => {
    if ((value.batch === undefined) === (value.http === undefined)) {
      ctx.addIssue({ code: "custom", message: "must have exactly one of batch or http", input: value });
    }
    if (value.overrides !== undefined && value.batch === undefined) {
      ctx.addIssue({ code: "custom", path: ["overrides"], message: "applies only to a batch target", input: value.overrides });
    }
  })
  .transform(({ batch, overrides, http }): TargetShape => (http ? { http } : { batch: batch!, ...(overrides ? { overrides } : {}) }))
  .meta({
    oneOf: [{ required: ["batch"] }, { required: ["http"] }],
    description: "What the schedule runs: `batch: <job name>` (with optional `overrides`) or `http: {path, ...}` on the service.",
  });

const retry = obj(
  {
    count: intRange(0, 5).default(0).describe("Retries of a failed run. Default: 0."),
    "min-backoff": duration().prefault("5s").describe("Default: 5s."),
    "max-backoff": duration().prefault("3600s").describe("Default: 3600s."),
    "max-doublings": intRange(0, 16).default(5).describe("Default: 5."),
    "max-retry-duration": duration().prefault("0s").describe("0s means no limit. Default: 0s."),
  },
  { millis: ["min-backoff", "max-backoff", "max-retry-duration"] },
).superRefine((value, ctx) => {
  if (value.minBackoffMs > value.maxBackoffMs) {
    ctx.addIssue({ code: "custom", path: ["min-backoff"], message: "must not be longer than max-backoff", input: value.minBackoffMs });
  }
});

const schedule = obj(
  {
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/, "must be letters, digits, hyphens and underscores, at most 400 characters")
      .describe("Required; unique."),
    cron: cronExpression(),
    "time-zone": timeZone().default("Etc/UTC"),
    target,
    "service-account": email().optional().describe("The service account whose token the scheduler sends."),
    retry: retry.prefault({}),
    "attempt-deadline": duration({ min: "15s", max: "30m" })
      .prefault("180s")
      .describe("How long one run may take, 15s to 30m. Default: 180s."),
    paused: z.boolean("must be true or false").default(false).describe("Create the schedule paused. Default: false."),
    description: z.string().max(400, "must be at most 400 characters").optional(),
  },
  { millis: ["attempt-deadline"] },
);

export const schedulesSchema = z
  .array(schedule)
  .superRefine(uniqueNames("schedule"))
  .default([])
  .meta({ title: "Schedules", description: "Cloud Scheduler jobs that run a batch job or call the service." });
