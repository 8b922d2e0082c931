import { ConfigurationError } from "../../shared/errors.js";

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

// Units must come largest first and at most once ("1h30m", not "30m1h"), so that a value reads
// one way only. "ms" is tried before "m" so that "250ms" is not read as 250 minutes and an "s".
const DURATION = /^(?:(\d{1,9})d)?(?:(\d{1,9})h)?(?:(\d{1,9})m(?!s))?(?:(\d{1,9})s)?(?:(\d{1,9})ms)?$/;

/** The pattern of a duration, for the JSON Schema. It accepts the same strings as `parseDuration`. */
export const DURATION_PATTERN = DURATION.source;

/** Why `text` is not a duration, or undefined when it is one. */
export function durationProblem(text: string): string | undefined {
  if (text === "" || !DURATION.test(text)) {
    return `must be a duration like "90s", "5m", "1h30m" or "250ms" (units d, h, m, s, ms, largest first), not "${text}"`;
  }
  return undefined;
}

/**
 * Reads "90s", "5m", "1h30m", "250ms", "7d" as milliseconds. A bare number is refused: "30" could
 * mean seconds or minutes, and a config that guesses is a config that surprises.
 * @param field the field path to name in the error, e.g. "rollout.steps[0].wait".
 */
export function parseDuration(text: string, field?: string): number {
  const problem = durationProblem(text);
  if (problem) throw new ConfigurationError(field ? `${field}: ${problem}` : problem, { field });
  const [, d, h, m, s, ms] = DURATION.exec(text)!;
  const parts = [d, h, m, s, ms].map((part) => Number(part ?? 0));
  const units = [UNIT_MS.d, UNIT_MS.h, UNIT_MS.m, UNIT_MS.s, UNIT_MS.ms];
  return parts.reduce((total, part, i) => total + part * units[i]!, 0);
}

/** The shortest way to write `ms` in the syntax `parseDuration` reads: 5_400_000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let text = "";
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
