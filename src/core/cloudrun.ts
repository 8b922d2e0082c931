// The Cloud Run calls the core makes, each retried on transient errors and each waiting for
// its long-running operation (its polls retried too), so callers deal in services, not operations.
import type { protos } from "@google-cloud/run";
import type { GcpClients } from "../gcp/clients.js";
import { rpcCode } from "../gcp/errors.js";
import { awaitOperation, withRetry } from "../gcp/retry.js";
import type { Clock, Logger } from "../shared/runtime.js";

export type Service = protos.google.cloud.run.v2.IService;
export type Revision = protos.google.cloud.run.v2.IRevision;

export interface RunDeps {
  clients: GcpClients;
  clock: Clock;
  logger: Logger;
}

export const serviceName = (project: string, region: string, service: string) =>
  `projects/${project}/locations/${region}/services/${service}`;

export async function getService(deps: RunDeps, name: string): Promise<Service | undefined> {
  try {
    const [service] = await withRetry(`GetService ${name}`, (o) => deps.clients.services.getService({ name }, o), deps);
    return service;
  } catch (error) {
    if (rpcCode(error) === "NOT_FOUND") return undefined;
    throw error;
  }
}

export async function createService(deps: RunDeps, name: string, service: Service): Promise<Service> {
  const parent = name.split("/").slice(0, 4).join("/");
  const serviceId = name.split("/").pop() as string;
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
