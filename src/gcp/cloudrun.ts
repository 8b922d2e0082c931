// The Cloud Run front: every Cloud Run call Runway makes goes through here, each retried on
// transient errors and each waiting for its long-running operation (its polls retried too), so
// callers deal in services, revisions, jobs and executions, not in clients or operations.
import type { protos } from "@google-cloud/run";
import type { Clock, Logger } from "../shared/runtime.js";
import type { CodeName } from "../shared/rpc-code.js";
import type { GcpClients } from "./clients.js";
import { rpcCode } from "./errors.js";
import { awaitOperation, withRetry } from "./retry.js";

export type Service = protos.google.cloud.run.v2.IService;
export type Revision = protos.google.cloud.run.v2.IRevision;
export type Job = protos.google.cloud.run.v2.IJob;
export type Execution = protos.google.cloud.run.v2.IExecution;
export type RunJobOverrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;

export interface RunDeps {
  clients: GcpClients;
  clock: Clock;
  logger: Logger;
}

export const serviceName = (project: string, region: string, service: string) =>
  `projects/${project}/locations/${region}/services/${service}`;

const short = (name: string) => name.split("/").pop() as string;

/** The answer, or undefined when the call failed with one of `absent` (NOT_FOUND, by default). */
async function orAbsent<T>(read: Promise<T>, absent: readonly CodeName[]): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    const code = rpcCode(error);
    if (code && absent.includes(code)) return undefined;
    throw error;
  }
}

export async function getService(deps: RunDeps, name: string): Promise<Service | undefined> {
  return orAbsent(
    withRetry(`GetService ${name}`, (o) => deps.clients.services.getService({ name }, o), deps).then(([service]) => service),
    ["NOT_FOUND"],
  );
}

export async function createService(deps: RunDeps, name: string, service: Service): Promise<Service> {
  const parent = name.split("/").slice(0, 4).join("/");
  const serviceId = short(name);
  const [operation] = await withRetry(
    `CreateService ${serviceId}`,
    (o) => deps.clients.services.createService({ parent, serviceId, service }, o),
    deps,
  );
  const [created] = await awaitOperation(`CreateService ${serviceId}`, operation, deps);
  return created;
}

/** UpdateService with the service's etag; ABORTED means someone else wrote first. */
export async function updateService(deps: RunDeps, service: Service): Promise<Service> {
  const [operation] = await withRetry(`UpdateService ${service.name}`, (o) => deps.clients.services.updateService({ service }, o), deps);
  const [updated] = await awaitOperation(`UpdateService ${service.name}`, operation, deps);
  return updated;
}

/**
 * One revision by its full name; undefined when Cloud Run answers with one of `absent`
 * (NOT_FOUND unless said; [] to let every error through).
 */
export async function getRevision(deps: RunDeps, name: string, absent: readonly CodeName[] = ["NOT_FOUND"]): Promise<Revision | undefined> {
  return orAbsent(
    withRetry(`GetRevision ${short(name)}`, (o) => deps.clients.revisions.getRevision({ name }, o), deps).then(([revision]) => revision),
    absent,
  );
}

export async function listRevisions(deps: RunDeps, service: string): Promise<Revision[]> {
  const [revisions] = await withRetry(
    `ListRevisions ${service}`,
    (o) => deps.clients.revisions.listRevisions({ parent: service }, { ...o, autoPaginate: true }),
    deps,
  );
  return revisions;
}

export async function deleteRevision(deps: RunDeps, name: string): Promise<void> {
  const [operation] = await withRetry(`DeleteRevision ${name}`, (o) => deps.clients.revisions.deleteRevision({ name }, o), deps);
  await awaitOperation(`DeleteRevision ${name}`, operation, deps);
}

/** One Cloud Run job by its full name; undefined when Cloud Run answers with one of `absent`. */
export async function getJob(deps: RunDeps, name: string, absent: readonly CodeName[] = ["NOT_FOUND"]): Promise<Job | undefined> {
  return orAbsent(
    withRetry(`GetJob ${short(name)}`, (o) => deps.clients.jobs.getJob({ name }, o), deps).then(([job]) => job),
    absent,
  );
}

/** Every Cloud Run job in the location (`parent`). */
export async function listJobs(deps: RunDeps, parent: string): Promise<Job[]> {
  const [jobs] = await withRetry(`ListJobs ${parent} (Cloud Run)`, (o) => deps.clients.jobs.listJobs({ parent }, o), deps);
  return jobs;
}

export async function createJob(deps: RunDeps, name: string, job: Job): Promise<void> {
  const parent = name.split("/").slice(0, 4).join("/");
  const [operation] = await withRetry(
    `CreateJob ${short(name)}`,
    (o) => deps.clients.jobs.createJob({ parent, jobId: short(name), job }, o),
    deps,
  );
  await awaitOperation(`CreateJob ${short(name)}`, operation, deps);
}

export async function updateJob(deps: RunDeps, job: Job & { name: string }): Promise<void> {
  const [operation] = await withRetry(`UpdateJob ${short(job.name)}`, (o) => deps.clients.jobs.updateJob({ job }, o), deps);
  await awaitOperation(`UpdateJob ${short(job.name)}`, operation, deps);
}

/** Runs the job (`name`, its full name) and waits for the execution to finish; `what` names it in messages. */
export async function runJob(deps: RunDeps, name: string, overrides: RunJobOverrides, what = short(name)): Promise<Execution> {
  const [operation] = await withRetry(`RunJob ${what}`, (o) => deps.clients.jobs.runJob({ name, overrides }, o), deps);
  const [execution] = await awaitOperation(`RunJob ${what}`, operation, deps);
  return execution;
}
