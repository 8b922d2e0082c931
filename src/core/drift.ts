// Drift: what changed on a service outside Runway since the last release it recorded. When a
// release is recorded (healthy, or failed and restored), the service as Cloud Run returned it
// (with the defaults Cloud Run fills in) is kept in one annotation; drift is the difference
// between that copy and the live service. No extra call: status and every plan read it for free.
import { protos } from "@google-cloud/run";
import type { Service } from "../gcp/cloudrun.js";
import { isRunwayKey, releasePaths, serviceView } from "./template/index.js";
import { diffPaths, type FieldChange, isAbsent } from "./template/paths.js";

export const ANNOTATION_WRITTEN = "runway.dev/written";

export interface Drift {
  /** The release whose write the live service is compared with. */
  since?: { release: string; revision: string };
  changes: FieldChange[];
}

interface Written {
  release: string;
  revision: string;
  service: Record<string, unknown>;
}

/** Proto3 defaults and Runway's own keys dropped: the copy stays small, and compares like flatten(). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([k, v]) => !isRunwayKey(k) && !isAbsent(v));
  return Object.fromEntries(entries.map(([k, v]) => [k, compact(v)]));
}

/**
 * One shape whatever the call returned: an operation's result carries enums as numbers and a
 * GetService names, so both go through the message type (loaded with the client anyway).
 */
function canonical(service: Service): Service {
  const type = protos.google.cloud.run.v2.Service;
  return type.toObject(type.fromObject(service as Record<string, unknown>), { enums: String, longs: String }) as Service;
}

const viewOf = (live: Service) => {
  const service = canonical(live);
  return compact({ ...serviceView(service), template: service.template }) as Record<string, unknown>;
};

/** The annotation that records `service` as the release left it; merged into the service's annotations by the caller. */
export function writtenAnnotation(service: Service, release: string, revision: string): Record<string, string> {
  return { [ANNOTATION_WRITTEN]: JSON.stringify({ release, revision, service: viewOf(service) } satisfies Written) };
}

function readWritten(live: Service): Written | undefined {
  try {
    const written = JSON.parse(live.annotations?.[ANNOTATION_WRITTEN] ?? "null") as Written | null;
    return written && typeof written.service === "object" ? written : undefined;
  } catch {
    return undefined;
  }
}

/** What differs on `live` from what Runway last recorded, by field path. */
export function readDrift(live: Service | undefined): Drift {
  const written = live ? readWritten(live) : undefined;
  if (!live || !written) return { changes: [] };
  const since = { release: written.release, revision: written.revision };
  return { since, changes: diffPaths(written.service, viewOf(live), releasePaths(live)) };
}
