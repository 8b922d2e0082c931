import { protos, type ServicesClient } from "@google-cloud/run";
import { PARENT } from "./emulator.js";

export type Service = protos.google.cloud.run.v2.IService;
export type Traffic = protos.google.cloud.run.v2.ITrafficTarget;

export const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
export const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const;

export const shortName = (name: string | null | undefined) => String(name).split("/").pop() as string;

export async function createService(run: ServicesClient, serviceId: string, image = "img:1", service: Service = {}): Promise<Service> {
  const [op] = await run.createService({ parent: PARENT, serviceId, service: { template: { containers: [{ image }] }, ...service } });
  const [created] = await op.promise();
  return created;
}

/** Read-modify-write with the current etag, waiting for the operation. */
export async function updateService(run: ServicesClient, name: string, change: (s: Service) => Service): Promise<Service> {
  const [current] = await run.getService({ name });
  const [op] = await run.updateService({ service: change(current) });
  const [updated] = await op.promise();
  return updated;
}

export const withImage =
  (image: string) =>
  (s: Service): Service => ({ ...s, template: { ...s.template, revision: "", containers: [{ image }] } });

export const withTraffic =
  (traffic: Traffic[]) =>
  (s: Service): Service => ({ ...s, traffic });

export const split = (entries: [string, number, string?][]): Traffic[] =>
  entries.map(([revision, percent, tag]) => ({ type: REVISION, revision, percent, ...(tag ? { tag } : {}) }));

export async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/** One shape for services from any call: LRO results carry numeric enums, unary calls names. */
export function plain(service: Service): Service {
  const type = protos.google.cloud.run.v2.Service;
  return type.toObject(type.fromObject(service as Record<string, unknown>), { enums: String, longs: String }) as Service;
}
