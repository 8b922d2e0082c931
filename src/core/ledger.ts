// Cloud Run is the ledger. A revision's labels and annotations come from its template and are
// immutable, so the facts of a release are written there when the revision is created; what
// changes later (healthy, failed, rolled back) is kept in one annotation on the service.
// Any command can therefore read history from Cloud Run alone.
import type { protos } from "@google-cloud/run";
import { RefusalError } from "../shared/errors.js";
import type { Release } from "./release.js";
import type { TrafficEntry } from "./traffic.js";

type Service = protos.google.cloud.run.v2.IService;
type Revision = protos.google.cloud.run.v2.IRevision;

export const LABEL_RELEASE = "runway-release";
export const LABEL_COMMIT = "runway-commit";
export const ANNOTATION_RELEASE = "runway.dev/release";
export const ANNOTATION_LEDGER = "runway.dev/ledger";
/** How many release states the service annotation keeps; older ones are dropped. */
const LEDGER_LIMIT = 100;

/** Facts fixed when the revision is created. `snapshot` is filled by later features. */
export interface ReleaseRecord {
  id: string;
  commit: string;
  image: string;
  environment: string;
  createdAt: string;
  /** The revision that served most traffic before this release. */
  replaced?: string;
  /** Traffic before the rollout started: what a failure restores. */
  previousTraffic: TrafficEntry[];
  snapshot?: Record<string, unknown>;
  migrations?: AppliedMigration[];
}

export type ReleaseState = "deploying" | "healthy" | "failed" | "rolled-back";

/** The newest entry per state wins; entries keep the facts an earlier write recorded. */
export function mergeEntry(previous: StateEntry | undefined, next: StateEntry): StateEntry {
  return { ...previous, ...next };
}

/**
 * One revision's line in the service's ledger annotation. It repeats the release facts that
 * rollback needs (release, commit, image, replaced) so that a rollback reads the service once.
 */
export interface StateEntry {
  state: ReleaseState;
  at: string;
  reason?: string;
  release?: string;
  commit?: string;
  image?: string;
  replaced?: string;
  /** Migrations the release applied, with what rollback needs to know about them. */
  migrations?: AppliedMigration[];
  /** Each app's leaf migration ("app.name") once the release is live: where migrate-back goes. */
  schema?: string[];
}

export interface AppliedMigration {
  app: string;
  name: string;
  category: string;
  reversible: boolean;
}

export type Ledger = Record<string, StateEntry>;

export function releaseLabels(release: Release): Record<string, string> {
  return { [LABEL_RELEASE]: release.id, [LABEL_COMMIT]: release.commit };
}

export function releaseAnnotation(record: ReleaseRecord): Record<string, string> {
  return { [ANNOTATION_RELEASE]: JSON.stringify(record) };
}

export function readRecord(revision: Revision): ReleaseRecord | undefined {
  const text = revision.annotations?.[ANNOTATION_RELEASE];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ReleaseRecord;
  } catch {
    return undefined;
  }
}

/** Cloud Run's limit on all of a resource's annotations together: no ledger it accepted is larger. */
const ANNOTATIONS_MAX = 256 * 1024;
const STATES = new Set<string>(["deploying", "healthy", "failed", "rolled-back"]);
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** Why a ledger annotation's text is not a ledger, or undefined when it is one. */
function ledgerProblem(text: string): string | undefined {
  if (text.length > ANNOTATIONS_MAX) return `it is ${Math.ceil(text.length / 1024)} KiB, larger than Cloud Run accepts for all annotations`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "it is not valid JSON";
  }
  if (!isObject(parsed)) return "it is not a JSON object of revisions";
  for (const [revision, entry] of Object.entries(parsed)) {
    const name = JSON.stringify(revision.slice(0, 80));
    if (!isObject(entry)) return `the entry for ${name} is not an object`;
    if (typeof entry.state !== "string" || !STATES.has(entry.state)) return `the entry for ${name} has no known state`;
    if (typeof entry.at !== "string") return `the entry for ${name} has no time ("at")`;
  }
  return undefined;
}

/**
 * The service's ledger. An annotation that is not one (edited by hand, truncated, written by
 * something else) is refused by name rather than read as empty: every write Runway makes
 * rewrites the ledger, so reading it as empty would silently replace the history.
 */
export function readLedger(service: Service | undefined): Ledger {
  const text = service?.annotations?.[ANNOTATION_LEDGER];
  if (!text) return {};
  const problem = ledgerProblem(text);
  if (problem) {
    const name = String(service?.name ?? "the service")
      .split("/")
      .pop();
    throw new RefusalError(
      `the ${ANNOTATION_LEDGER} annotation of ${name} is not a Runway ledger (${problem}); Runway does not act on it or write over it. Restore it, or remove the annotation to start a new ledger, then re-run`,
    );
  }
  // Own properties only: a revision named like an Object.prototype member is not in the ledger.
  return Object.assign(Object.create(null), JSON.parse(text)) as Ledger;
}

/** The service annotations with one revision's state recorded, oldest entries trimmed. */
export function withState(service: Service, revision: string, entry: StateEntry): Record<string, string> {
  const current = readLedger(service);
  const ledger = { ...current, [revision]: mergeEntry(current[revision], entry) };
  const kept = Object.entries(ledger)
    .sort(([, a], [, b]) => a.at.localeCompare(b.at))
    .slice(-LEDGER_LIMIT);
  return { ...(service.annotations ?? {}), [ANNOTATION_LEDGER]: JSON.stringify(Object.fromEntries(kept)) };
}

/** How long a rollback's reason may be in the ledger: it shares the annotation's size limit. */
const REASON_MAX = 500;

/** A rolled-back entry's reason: where the rollback went and, when given, why. */
export function rollbackReason(to: string, why?: string): string {
  const text = why?.trim().slice(0, REASON_MAX);
  return `rolled back to ${to}${text ? `: ${text}` : ""}`;
}

/** The target and the person's reason out of a rolled-back entry's reason (see rollbackReason). */
export function readRollbackReason(reason: string | undefined): { to: string; why?: string } | undefined {
  const match = /^rolled back to ([^\s:]+)(?:: ([\s\S]+))?$/.exec(reason ?? "");
  if (!match) return undefined;
  return { to: match[1] as string, ...(match[2] ? { why: match[2] } : {}) };
}

/** The newest entry recording a release (a release may have run on more than one revision). */
export function latestOfRelease(ledger: Ledger, release: string): (StateEntry & { revision: string }) | undefined {
  const [revision, entry] =
    Object.entries(ledger)
      .filter(([, e]) => e.release === release)
      .sort(([, a], [, b]) => b.at.localeCompare(a.at))[0] ?? [];
  return revision && entry ? { ...entry, revision } : undefined;
}

/**
 * The rollback that put `live` back, while nothing has changed its state since (the rollback
 * writes both entries at the same instant): what status shows next to the live release.
 */
export function rollbackOnto(ledger: Ledger, live: string): (StateEntry & { revision: string; why?: string }) | undefined {
  const at = ledger[live]?.at;
  const found = Object.entries(ledger).find(
    ([, e]) => e.state === "rolled-back" && e.at === at && readRollbackReason(e.reason)?.to === live,
  );
  if (!found) return undefined;
  const [revision, entry] = found;
  const why = readRollbackReason(entry.reason)?.why;
  return { ...entry, revision, ...(why ? { why } : {}) };
}

export interface HistoryEntry {
  revision: string;
  record: ReleaseRecord;
  state: ReleaseState;
  stateAt?: string;
  reason?: string;
  createTime?: string;
}

/** Runway releases of a service, newest first, from its revisions and its ledger annotation. */
export function history(service: Service | undefined, revisions: Revision[]): HistoryEntry[] {
  const ledger = readLedger(service);
  const entries: HistoryEntry[] = [];
  for (const revision of revisions) {
    const record = readRecord(revision);
    if (!record) continue;
    const name = String(revision.name).split("/").pop() as string;
    const state = ledger[name];
    entries.push({
      revision: name,
      record,
      state: state?.state ?? "deploying",
      stateAt: state?.at,
      reason: state?.reason,
      createTime: record.createdAt,
    });
  }
  return entries.sort((a, b) => String(b.record.createdAt).localeCompare(String(a.record.createdAt)));
}
