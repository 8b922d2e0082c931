// What the batch and scheduler code needs from an environment. An Environment satisfies it; so
// does the scope rebuilt from a release snapshot, which is how rollback works without the YAML.
import type { BatchJob, Migrations, Schedule, SecretRef, Vpc } from "../config/types.js";

export interface BatchScope {
  /** The environment's name: part of every managed Scheduler job id and marker. */
  name: string;
  project: string;
  region: string;
  /** Batch jobs run with the service's env, secrets and service account (see batch-spec.ts). */
  service: {
    name: string;
    serviceAccount?: string;
    env?: Record<string, string>;
    secrets?: Record<string, SecretRef>;
    resources?: { cpu?: string; memory?: string };
    /** Cloud SQL instances and VPC egress: the migration job reaches the database as the service does. */
    cloudSql?: string[];
    vpc?: Vpc;
  };
  batch: BatchJob[];
  schedules: Schedule[];
  migrations?: Pick<Migrations, "job" | "command">;
}

export const locationOf = (scope: Pick<BatchScope, "project" | "region">) => `projects/${scope.project}/locations/${scope.region}`;

export const runJobName = (scope: Pick<BatchScope, "project" | "region">, job: string) => `${locationOf(scope)}/jobs/${job}`;

/** The Run Admin API v2 URI that starts a job: what a Scheduler job calls to run a batch job. */
export const runJobUri = (scope: Pick<BatchScope, "project" | "region">, job: string) =>
  `https://run.googleapis.com/v2/${runJobName(scope, job)}:run`;
