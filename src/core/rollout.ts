// Writing traffic safely: every write carries the etag of the service it was planned from.
// On ABORTED the service is re-read; if our own last write is still what it asks for, the
// etag moved for a benign reason (a reconcile) and the write is retried; if anything else
// changed, another rollout is at work and Runway stops instead of overwriting it.
import { rpcCode } from "../gcp/errors.js";
import { ConflictError } from "../shared/errors.js";
import { getService, type RunDeps, type Service, updateService } from "../gcp/cloudrun.js";
import { type StateEntry, withState } from "./ledger.js";
import { sameTraffic, servedTraffic, type TrafficEntry, toTargets } from "./traffic.js";

const MAX_ABORTED_RETRIES = 3;

export interface Writer {
  /** The service as last read or written, carrying the etag for the next write. */
  service: Service;
  /** The revision this rollout created; a different latest revision means another rollout. */
  candidate: string;
}

function specTraffic(service: Service): TrafficEntry[] {
  return (service.traffic ?? []).map((t) => ({
    revision: String(t.revision ?? ""),
    percent: Number(t.percent ?? 0),
    ...(t.tag ? { tag: t.tag } : {}),
  }));
}

const latestOf = (service: Service | undefined) =>
  String(service?.latestCreatedRevision ?? "")
    .split("/")
    .pop();

// Pull-request previews share the dev service. They add revisions and move their own `pr-<N>`
// tags at 0%, which changes no one's traffic: a rollout treats that as benign, never as a rival.
const PREVIEW_TAG = /^pr-\d+$/;
const PREVIEW_REVISION = /-pr-\d+-/;
const isPreview = (e: TrafficEntry) => e.percent === 0 && !!e.tag && PREVIEW_TAG.test(e.tag);
const withoutPreviews = (entries: TrafficEntry[]) => entries.filter((e) => !isPreview(e));

/** Preview tags present now that a planned traffic list does not mention: kept as they are. */
export function keepPreviews(service: Service, entries: TrafficEntry[]): TrafficEntry[] {
  const tags = new Set(entries.map((e) => e.tag).filter(Boolean));
  return [...entries, ...specTraffic(service).filter((e) => isPreview(e) && !tags.has(e.tag))];
}

/**
 * Applies a change to the service with its etag. On ABORTED the service is re-read: if our
 * write had landed (a retried call whose answer was lost), that is success; if nothing but
 * the etag moved, the change is re-applied; anything else is another rollout's work.
 */
export async function write(deps: RunDeps, writer: Writer, change: (service: Service) => Service): Promise<Service> {
  for (let attempt = 0; ; attempt++) {
    const expected = writer.service;
    const desired = change(expected);
    try {
      writer.service = await updateService(deps, desired);
      return writer.service;
    } catch (error) {
      if (rpcCode(error) !== "ABORTED" || attempt >= MAX_ABORTED_RETRIES) throw error;
      const current = await getService(deps, String(expected.name));
      const latest = latestOf(current) ?? "";
      const ours = current && ([latestOf(expected), writer.candidate].includes(latest) || PREVIEW_REVISION.test(latest));
      if (
        ours &&
        sameTraffic(withoutPreviews(specTraffic(current)), withoutPreviews(specTraffic(desired))) &&
        latest === writer.candidate
      ) {
        writer.service = current;
        return current;
      }
      if (!current || !ours || !sameTraffic(withoutPreviews(specTraffic(current)), withoutPreviews(specTraffic(expected)))) {
        throw new ConflictError(
          `another rollout changed ${expected.name} while this one ran (latest revision ${latestOf(current) || "none"}, traffic ${JSON.stringify(current ? servedTraffic(current) : [])}); not overwriting it`,
        );
      }
      deps.logger.info("  the service's etag moved without a conflicting change; re-reading and retrying");
      writer.service = current;
    }
  }
}

export const setTraffic =
  (entries: TrafficEntry[], state?: { revision: string; entry: StateEntry }) =>
  (service: Service): Service => ({
    ...service,
    traffic: toTargets(keepPreviews(service, entries)),
    ...(state ? { annotations: withState(service, state.revision, state.entry) } : {}),
  });
