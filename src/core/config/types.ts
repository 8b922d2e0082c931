// What an environment is, once loaded: camelCase, defaults filled in, durations in
// milliseconds with the suffix Ms. The schema (src/core/config/schema*.ts) is the one source of
// these types, from the YAML to the Cloud Run request: each is inferred from it, so a field
// cannot be added to one and forgotten in the other. The field docs are the schema's
// descriptions (environments/schema.json, docs/configuration.md).
import type { z } from "zod";
import type { environmentSchema } from "./schema.js";
import type { secretRef } from "./schema-container.js";

export type Environment = z.output<typeof environmentSchema>;

/** Every Cloud Run field is optional: undefined means "not declared", which keeps the live value. */
export type Service = Environment["service"];
export type Sidecar = NonNullable<Service["sidecars"]>[number];
export type Probe = NonNullable<Service["startupProbe"]>;
export type Volume = NonNullable<Service["volumes"]>[number];
export type Mount = NonNullable<Service["mounts"]>[number];
export type Vpc = NonNullable<Service["vpc"]>;
export type SecretRef = z.output<typeof secretRef>;

/** An HTTP GET against a revision's URL (src/core/checks.ts). */
export type SmokeCheck = Environment["checks"][number];
export type Rollout = Environment["rollout"];
export type { AnalysisSpec, Percentile } from "./schema-analysis.js";
/** `checks` is resolved: a step without it runs every check. */
export type RolloutStep = Rollout["steps"][number];

export type Migrations = NonNullable<Environment["migrations"]>;
export type MigrationPolicy = Migrations["policy"]["expand"];

export type BatchJob = Environment["batch"][number];
export type Resources = BatchJob["resources"];
export type Schedule = Environment["schedules"][number];
export type ScheduleTarget = Schedule["target"];
export type BatchOverrides = NonNullable<Extract<ScheduleTarget, { batch: string }>["overrides"]>;
export type HttpTarget = Extract<ScheduleTarget, { http: unknown }>["http"];
export type ScheduleRetry = Schedule["retry"];

/** A fixed window [start, end), or one starting at each cron occurrence and lasting `durationMs`. */
export type FreezeWindow = Environment["freeze"][number];
export type FixedFreezeWindow = Extract<FreezeWindow, { start: Date }>;
export type RecurringFreezeWindow = Extract<FreezeWindow, { cron: string }>;
export type Notify = Environment["notify"];
