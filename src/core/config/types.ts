// What an environment is, once loaded: camelCase, defaults filled in, durations in
// milliseconds with the suffix Ms. src/core/config/schema.ts is checked against these types at
// compile time.
import type { z } from "zod";
import type { secretRef } from "./schema-container.js";
import type { serviceSchema } from "./schema-service.js";

export interface Environment {
  /** Equals the file name without .yaml. */
  name: string;
  /** Google Cloud project id. */
  project: string;
  /** Cloud Run region, e.g. asia-northeast3. */
  region: string;
  /** The environment whose deployed digest this one receives; undefined for the first. */
  promotesFrom?: string;
  /** Images must be given by digest (@sha256:...). */
  requireDigest: boolean;
  service: Service;
  checks: SmokeCheck[];
  rollout: Rollout;
  migrations?: Migrations;
  batch: BatchJob[];
  schedules: Schedule[];
  freeze: FreezeWindow[];
  notify: Notify;
}

/**
 * The service block, as the schema outputs it: the schema is the one source of this type, from
 * the YAML to the Cloud Run request (src/core/template/). Every Cloud Run field is optional:
 * undefined means "not declared", which keeps the live value.
 */
export type Service = z.output<typeof serviceSchema>;
export type Sidecar = NonNullable<Service["sidecars"]>[number];
export type Probe = NonNullable<Service["startupProbe"]>;
export type Volume = NonNullable<Service["volumes"]>[number];
export type Mount = NonNullable<Service["mounts"]>[number];
export type Vpc = NonNullable<Service["vpc"]>;

export type SecretRef = z.output<typeof secretRef>;

export interface Resources {
  /** "1", "2", "0.5", "1000m". */
  cpu: string;
  /** "512Mi", "1Gi". */
  memory: string;
}

export interface SmokeCheck {
  name: string;
  /** A path on the service, starting with "/". */
  path: string;
  expectStatus: number;
  /** JavaScript regular expression source, known to compile. */
  bodyMatch?: string;
  timeoutMs: number;
  retries: number;
}

export interface Rollout {
  /** Strictly increasing percents; the last is 100. */
  steps: RolloutStep[];
}

export interface RolloutStep {
  percent: number;
  waitMs: number;
  /** Names of the checks to run; every check when the YAML did not say. */
  checks: string[];
}

export type MigrationPolicy = "allow" | "warn" | "require-approval" | "block";

export interface Migrations {
  /** Cloud Run job id. */
  job: string;
  command: string[];
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** Broken migrations have no entry here: they block unless acknowledged or allowed by id (docs/migration-rules.md). */
  policy: { expand: MigrationPolicy; contract: MigrationPolicy; locking: MigrationPolicy; irreversible: MigrationPolicy };
  approvalLabel: string;
}

export interface BatchJob {
  /** Cloud Run job id. */
  name: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  resources: Resources;
  taskCount: number;
  /** 0 lets Cloud Run choose. */
  parallelism: number;
  timeoutMs: number;
  maxRetries: number;
}

export interface Schedule {
  name: string;
  /** 5-field unix cron, read in `timeZone`. */
  cron: string;
  timeZone: string;
  target: ScheduleTarget;
  serviceAccount?: string;
  retry: ScheduleRetry;
  attemptDeadlineMs: number;
  paused: boolean;
  description?: string;
}

export type ScheduleTarget = { batch: string; overrides?: BatchOverrides } | { http: HttpTarget };

export interface BatchOverrides {
  args?: string[];
  env?: Record<string, string>;
  taskCount?: number;
  timeoutMs?: number;
}

export interface HttpTarget {
  /** A path on the service, starting with "/". */
  path: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: string;
  headers: Record<string, string>;
}

export interface ScheduleRetry {
  count: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  maxDoublings: number;
  /** 0 means no limit. */
  maxRetryDurationMs: number;
}

/** A fixed window [start, end), or one starting at each cron occurrence and lasting `durationMs`. */
export type FreezeWindow = FixedFreezeWindow | RecurringFreezeWindow;

export interface FixedFreezeWindow {
  reason: string;
  start: Date;
  end: Date;
}

export interface RecurringFreezeWindow {
  reason: string;
  cron: string;
  durationMs: number;
  timeZone: string;
}

export interface Notify {
  /** The NAME of the secret holding the webhook URL. */
  webhookSecret?: string;
  mentionAuthor: boolean;
}
