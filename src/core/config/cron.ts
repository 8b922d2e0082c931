import { Cron } from "croner";

// Cloud Scheduler reads unix-cron: five fields of numbers, ranges, lists, steps, and month and
// weekday names. Croner also reads seconds, years, nicknames (@daily) and Quartz extras (L, W,
// #, ?); a schedule that croner accepts but Cloud Scheduler rejects would only fail at deploy
// time, so those are refused here, before croner sees the expression.
const FIELD = /^(?:[0-9*,/-]|[A-Za-z]{3})+$/;
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"];

/** A paused croner job for a 5-field expression: it never runs, it only answers questions. */
export function cronJob(expression: string, timeZone = "Etc/UTC"): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true, mode: "5-part" });
}

/** Why `expression` is not a 5-field unix cron expression, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `must be a 5-field cron expression (minute hour day-of-month month day-of-week), not "${expression}" (${fields.length} fields)`;
  }
  const bad = fields.findIndex((field) => !FIELD.test(field));
  if (bad >= 0) return `the ${FIELD_NAMES[bad]} field "${fields[bad]}" uses syntax that unix cron does not have`;
  try {
    // A pattern such as "0 0 30 2 *" parses but never fires: worth saying now.
    if (cronJob(expression).nextRun() === null) return `"${expression}" never fires`;
  } catch (error) {
    return `"${expression}" is not a valid cron expression: ${(error as Error).message}`;
  }
  return undefined;
}

/** Why `name` is not an IANA time zone name, or undefined when it is one. */
export function timeZoneProblem(name: string): string | undefined {
  // Intl also takes offsets such as "+09:00", which Cloud Scheduler does not: require a name.
  const message = `must be an IANA time zone name such as "Etc/UTC" or "Asia/Seoul", not "${name}"`;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return message;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return undefined;
  } catch {
    return message;
  }
}
