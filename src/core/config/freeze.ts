// Whether a deploy is refused right now because of a freeze window, and until when.
import { cronJob } from "./cron.js";
import type { Environment, FreezeWindow } from "./types.js";

/** Overlapping windows are followed at most this many times; beyond it, `until` is a lower bound. */
const MAX_CHAINED_WINDOWS = 1000;

/** The occurrence of `window` that covers `at` (start inclusive, end exclusive), if any. */
function occurrenceAt(window: FreezeWindow, at: Date): { start: Date; end: Date } | undefined {
  if ("start" in window) return window.start <= at && at < window.end ? window : undefined;
  // The only occurrence that can cover `at` is the first one after at - duration: any later
  // one starts after `at`, any earlier one has ended by `at`.
  const start = cronJob(window.cron, window.timeZone).nextRun(new Date(at.getTime() - window.durationMs));
  if (!start || start > at) return undefined;
  return { start, end: new Date(start.getTime() + window.durationMs) };
}

/**
 * The freeze in force at `at`: the reason of the first window (in file order) covering it, and
 * when deploys may resume, which is after every window that overlaps or abuts it.
 */
export function activeFreeze(env: Pick<Environment, "freeze">, at: Date): { reason: string; until: Date } | undefined {
  const first = env.freeze.find((window) => occurrenceAt(window, at));
  if (!first) return undefined;
  let until = occurrenceAt(first, at)!.end;
  for (let i = 0; i < MAX_CHAINED_WINDOWS; i++) {
    const later = env.freeze.map((window) => occurrenceAt(window, until)).filter((occurrence) => occurrence !== undefined);
    if (later.length === 0) break;
    until = new Date(Math.max(...later.map((occurrence) => occurrence.end.getTime())));
  }
  return { reason: first.reason, until };
}
