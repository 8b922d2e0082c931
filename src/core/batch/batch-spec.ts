// A batch job (Cloud Run Job) in one canonical shape, built from the config or read from a live
// job, so that "does the live job match the release?" is one comparison.
//
// Batch jobs run the release image as management commands of the same Django app, so they get
// the service's env, secrets and service account (database settings, the secret key), with the
// job's own `env` taking precedence. Runway owns a job's template: fields it does not set are
// reset on update, as the deploy does for the service's revision template.
import type { protos } from "@google-cloud/run";
import { CLOUD_SQL_PATH, CLOUD_SQL_VOLUME } from "../config/schema-network.js";
import type { BatchJob, SecretRef } from "../config/types.js";
import { vpcOf } from "../template/to-api.js";
import { stableJson } from "../../shared/stable-json.js";
import { type BatchScope, runJobName } from "./scope.js";

export type RunJob = protos.google.cloud.run.v2.IJob;

/** The label that marks a Cloud Run job as a batch job of an environment. */
export const LABEL_ENV = "runway-env";

export interface BatchSpec {
  /** The full job resource name. */
  name: string;
  environment: string;
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  secrets: Record<string, SecretRef>;
  cpu: string;
  memory: string;
  taskCount: number;
  parallelism: number;
  timeoutMs: number;
  maxRetries: number;
  serviceAccount?: string;
  /** The service's Cloud SQL instances, mounted at /cloudsql as in the service. */
  cloudSql?: string[];
  vpcAccess?: VpcAccess;
}

type VpcAccess = protos.google.cloud.run.v2.IVpcAccess;

export function declaredBatchSpec(scope: BatchScope, job: BatchJob, image: string): BatchSpec {
  // A job env var replaces a service secret of the same name, as it replaces a service env var.
  const secrets = Object.fromEntries(Object.entries(scope.service.secrets ?? {}).filter(([name]) => !(name in job.env)));
  return {
    name: runJobName(scope, job.name),
    environment: scope.name,
    image,
    ...(job.command?.length ? { command: job.command } : {}),
    ...(job.args?.length ? { args: job.args } : {}),
    env: { ...(scope.service.env ?? {}), ...job.env },
    secrets,
    cpu: job.resources.cpu,
    memory: job.resources.memory,
    taskCount: job.taskCount,
    parallelism: job.parallelism,
    timeoutMs: job.timeoutMs,
    maxRetries: job.maxRetries,
    ...(scope.service.serviceAccount ? { serviceAccount: scope.service.serviceAccount } : {}),
    ...(scope.service.cloudSql?.length ? { cloudSql: scope.service.cloudSql } : {}),
    ...(scope.service.vpc ? { vpcAccess: vpcOf(scope.service.vpc, undefined) } : {}),
  };
}

function envList(spec: BatchSpec) {
  const plain = Object.entries(spec.env).map(([name, value]) => ({ name, value }));
  const secret = Object.entries(spec.secrets).map(([name, s]) => ({
    name,
    valueSource: { secretKeyRef: { secret: s.secret, version: s.version } },
  }));
  return [...plain, ...secret].sort((a, b) => a.name.localeCompare(b.name));
}

/** The Job resource for CreateJob / UpdateJob. `labels` keeps the live job's other labels. */
export function runJobOf(spec: BatchSpec, labels: Record<string, string> = {}): RunJob {
  return {
    labels: { ...labels, [LABEL_ENV]: spec.environment },
    template: {
      taskCount: spec.taskCount,
      parallelism: spec.parallelism,
      template: {
        containers: [
          {
            image: spec.image,
            ...(spec.command ? { command: spec.command } : {}),
            ...(spec.args ? { args: spec.args } : {}),
            env: envList(spec),
            resources: { limits: { cpu: spec.cpu, memory: spec.memory } },
            ...(spec.cloudSql ? { volumeMounts: [{ name: CLOUD_SQL_VOLUME, mountPath: CLOUD_SQL_PATH }] } : {}),
          },
        ],
        ...(spec.cloudSql ? { volumes: [{ name: CLOUD_SQL_VOLUME, cloudSqlInstance: { instances: spec.cloudSql } }] } : {}),
        ...(spec.vpcAccess ? { vpcAccess: spec.vpcAccess } : {}),
        maxRetries: spec.maxRetries,
        timeout: { seconds: Math.ceil(spec.timeoutMs / 1000) },
        ...(spec.serviceAccount ? { serviceAccount: spec.serviceAccount } : {}),
      },
    },
  };
}

/** A live job in spec form; fields Runway does not set are ignored. */
export function liveBatchSpec(job: RunJob): BatchSpec {
  const task = job.template?.template;
  const container = task?.containers?.[0];
  const env: Record<string, string> = {};
  const secrets: Record<string, SecretRef> = {};
  for (const item of container?.env ?? []) {
    const ref = item.valueSource?.secretKeyRef;
    if (ref) secrets[String(item.name)] = { secret: String(ref.secret), version: String(ref.version || "latest") };
    else env[String(item.name)] = String(item.value ?? "");
  }
  return {
    name: String(job.name),
    environment: job.labels?.[LABEL_ENV] ?? "",
    image: container?.image ?? "",
    ...(container?.command?.length ? { command: container.command } : {}),
    ...(container?.args?.length ? { args: container.args } : {}),
    env,
    secrets,
    cpu: container?.resources?.limits?.cpu ?? "",
    memory: container?.resources?.limits?.memory ?? "",
    taskCount: Number(job.template?.taskCount ?? 1),
    parallelism: Number(job.template?.parallelism ?? 0),
    timeoutMs: Number(task?.timeout?.seconds ?? 600) * 1000,
    maxRetries: Number(task?.maxRetries ?? 3),
    ...(task?.serviceAccount ? { serviceAccount: task.serviceAccount } : {}),
    ...liveNetwork(task),
  };
}

/** The Cloud SQL volume and VPC access of a live task template, in spec form. */
function liveNetwork(task: protos.google.cloud.run.v2.ITaskTemplate | null | undefined): Pick<BatchSpec, "cloudSql" | "vpcAccess"> {
  const instances = task?.volumes?.find((v) => v.name === CLOUD_SQL_VOLUME)?.cloudSqlInstance?.instances;
  const vpc = task?.vpcAccess;
  const nics = (vpc?.networkInterfaces ?? []).map((n) => ({
    ...(n.network ? { network: n.network } : {}),
    ...(n.subnetwork ? { subnetwork: n.subnetwork } : {}),
    ...(n.tags?.length ? { tags: n.tags } : {}),
  }));
  const vpcAccess =
    vpc && (vpc.connector || nics.length)
      ? {
          ...(vpc.connector ? { connector: vpc.connector } : { networkInterfaces: nics }),
          ...(vpc.egress && vpc.egress !== "VPC_EGRESS_UNSPECIFIED" ? { egress: vpc.egress } : {}),
        }
      : undefined;
  return { ...(instances?.length ? { cloudSql: instances } : {}), ...(vpcAccess ? { vpcAccess } : {}) };
}

/** The spec fields that differ (compared as stable JSON, so proto3's dropped zeros do not count). */
export function batchDifferences(live: BatchSpec, declared: BatchSpec): string[] {
  const keys = new Set([...Object.keys(live), ...Object.keys(declared)]) as Set<keyof BatchSpec>;
  // Timeouts are whole seconds on the API.
  const norm = (spec: BatchSpec) => ({ ...spec, timeoutMs: Math.ceil(spec.timeoutMs / 1000) * 1000 });
  const [a, b] = [norm(live), norm(declared)];
  return [...keys].filter((key) => stableJson(a[key]) !== stableJson(b[key])).sort();
}
