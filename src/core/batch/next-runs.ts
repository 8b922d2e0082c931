import { cronJob } from "../config/cron.js";

const FORMAT = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = FORMAT.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      timeZoneName: "longOffset",
    });
    FORMAT.set(timeZone, format);
  }
  return format;
}

/** "2026-11-23 Mon 03:00 GMT+09:00": local wall time with its offset, so DST shifts show. */
export function localTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** The next `count` times a cron fires after `now`, read in its time zone as Cloud Scheduler does. */
export function nextRuns(cron: string, timeZone: string, now: Date, count = 3): string[] {
  return cronJob(cron, timeZone)
    .nextRuns(count, now)
    .map((at) => localTime(at, timeZone));
}
