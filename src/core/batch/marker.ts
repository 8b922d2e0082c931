// How Runway knows a Cloud Scheduler job is its own. Scheduler jobs have no labels, so a job is
// managed only when BOTH hold:
//   - its id is `runway-<env>-<schedule name>`, which keeps managed jobs apart from hand-made
//     ones and makes the name predictable (a re-run finds what an earlier run created);
//   - its description ends with the marker `[runway env=<env>]`, because an id prefix alone is
//     ambiguous (`runway-qa-eu-x` starts with `runway-qa-` too) and could be typed by hand.
// The marker also carries the one fact that must survive a crash: `paused-by=runway` says the
// job was ENABLED until Runway paused it around a migration, so resume may enable it again.
// Jobs paused by config or by hand never carry it and are never resumed by resumeManaged.
import type { SchedulerJob } from "../../gcp/scheduler.js";

export type { SchedulerJob };

const MARKER = /\s*\[runway env=([a-z][a-z0-9-]*)( paused-by=runway)?\]$/;

export const jobIdPrefix = (env: string) => `runway-${env}-`;

/** The Scheduler job id of a declared schedule. */
export const scheduleJobId = (env: string, schedule: string) => `${jobIdPrefix(env)}${schedule}`;

/** The description Runway writes: the user's text, then the marker. */
export function markedDescription(env: string, description: string | undefined, held = false): string {
  const marker = `[runway env=${env}${held ? " paused-by=runway" : ""}]`;
  return description ? `${description} ${marker}` : marker;
}

export interface Marker {
  env: string;
  /** Paused by Runway's pauseManaged: the only jobs resumeManaged enables again. */
  held: boolean;
  /** The description without the marker. */
  description: string;
}

export function readMarker(description: string | null | undefined): Marker | undefined {
  const text = description ?? "";
  const match = MARKER.exec(text);
  if (!match) return undefined;
  return { env: match[1] as string, held: match[2] !== undefined, description: text.slice(0, match.index) };
}

const shortId = (job: SchedulerJob) =>
  String(job.name ?? "")
    .split("/")
    .pop() ?? "";

/** The schedule name of a job Runway manages for `env`, or undefined for any other job. */
export function managedScheduleName(job: SchedulerJob, env: string): string | undefined {
  const id = shortId(job);
  if (!id.startsWith(jobIdPrefix(env)) || readMarker(job.description)?.env !== env) return undefined;
  return id.slice(jobIdPrefix(env).length);
}

/** Scheduler enums arrive as names over both transports today; numbers are mapped defensively. */
const STATES = ["STATE_UNSPECIFIED", "ENABLED", "PAUSED", "DISABLED", "UPDATE_FAILED"];
export const jobState = (job: SchedulerJob): string =>
  typeof job.state === "number" ? (STATES[job.state] ?? "STATE_UNSPECIFIED") : String(job.state ?? "");
