// What an environment is, once loaded: camelCase, defaults filled in, durations in
// milliseconds with the suffix Ms. src/core/config/schema.ts is checked against these types at
// compile time.

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

export interface Service {
  /** Cloud Run service id. */
  name: string;
  serviceAccount?: string;
  port: number;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  /** Variable name → Secret Manager secret and version. */
  secrets: Record<string, SecretRef>;
  resources: Resources & { cpuIdle: boolean };
  scaling: { minInstances: number; maxInstances: number };
  concurrency: number;
  timeoutMs: number;
  ingress: "all" | "internal" | "internal-and-cloud-load-balancing";
  labels: Record<string, string>;
}

export interface SecretRef {
  secret: string;
  /** "latest" or a version number. */
  version: string;
}

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
  /** Broken migrations always block and have no entry here. */
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
