// Building blocks of the environment schema: each one carries its own error message, phrased
// for a person editing YAML ("must be between 1 and 100"), since zod's defaults name JavaScript
// types.
import { z } from "zod";
import { distance } from "./distance.js";
import { cronProblem, timeZoneProblem } from "./cron.js";
import { DURATION_PATTERN, durationProblem, formatDuration, parseDuration } from "./duration.js";

/** "min-instances" → "minInstances", at the type level. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** A duration key gets the suffix Ms, as everywhere in Runway: "lock-timeout" → "lockTimeoutMs". */
type OutKey<K extends string, Millis extends string> = K extends Millis ? `${Camel<K>}Ms` : Camel<K>;
export type CamelKeys<T, Millis extends string = never> = { [K in keyof T as OutKey<K & string, Millis>]: T[K] };

function camelKeys<T extends object, Millis extends string>(value: T, millis: readonly Millis[]): CamelKeys<T, Millis> {
  const rename = (key: string) =>
    key.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()) + ((millis as readonly string[]).includes(key) ? "Ms" : "");
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [rename(key), item])) as CamelKeys<T, Millis>;
}

function unknownKeys(keys: string[], known: string[], hints: Record<string, string>): string {
  const described = keys.map((key) => {
    if (hints[key]) return `"${key}" (${hints[key]})`;
    const close = known.filter((candidate) => distance(key, candidate) <= 2);
    return close.length > 0 ? `"${key}" (did you mean "${close[0]}"?)` : `"${key}"`;
  });
  const allowed = `allowed here: ${known.join(", ")}`;
  return `unknown key${keys.length > 1 ? "s" : ""} ${described.join(", ")}; ${allowed}`;
}

/**
 * A YAML mapping with kebab-case keys that refuses unknown keys (a typo must not be ignored
 * silently) and comes out with camelCase keys. `millis` lists the duration keys, which come out
 * with the suffix Ms; `hints` explains why a plausible key is absent.
 */
export function obj<S extends z.ZodRawShape, Millis extends keyof S & string = never>(
  shape: S,
  options: { millis?: readonly Millis[]; hints?: Record<string, string> } = {},
) {
  const known = Object.keys(shape);
  const error = (issue: z.core.$ZodRawIssue) =>
    issue.code === "unrecognized_keys" ? unknownKeys(issue.keys as string[], known, options.hints ?? {}) : undefined;
  return z.strictObject(shape, { error }).transform((value) => camelKeys(value, options.millis ?? []));
}

/** An integer within [min, max]: the message names both bounds. */
export function intRange(min: number, max: number) {
  const message = `must be between ${min} and ${max}`;
  return z.int(`must be a whole number between ${min} and ${max}`).min(min, message).max(max, message);
}

/** An integer of at least `min`. */
export function intAtLeast(min: number) {
  return z.int(`must be a whole number of at least ${min}`).min(min, `must be at least ${min}`);
}

/** A duration string ("90s", "1h30m") within bounds, read as milliseconds (list its key in `millis`). */
export function duration(bounds: { min?: string; max?: string } = {}) {
  const min = bounds.min === undefined ? 0 : parseDuration(bounds.min);
  const max = bounds.max === undefined ? Number.POSITIVE_INFINITY : parseDuration(bounds.max);
  return z
    .string()
    .regex(new RegExp(DURATION_PATTERN), { error: (issue) => durationProblem(String(issue.input)) })
    .transform((text, ctx): number => {
      const ms = parseDuration(text);
      if (ms >= min && ms <= max) return ms;
      const range =
        max === Number.POSITIVE_INFINITY ? `at least ${formatDuration(min)}` : `between ${formatDuration(min)} and ${formatDuration(max)}`;
      ctx.issues.push({ code: "custom", message: `must be ${range}, not ${text}`, input: text });
      return z.NEVER;
    });
}

/** A string checked by a function that says what is wrong with it. */
function checked(problem: (text: string) => string | undefined) {
  return z.string().superRefine((text, ctx) => {
    const message = problem(text);
    if (message) ctx.addIssue({ code: "custom", message, input: text });
  });
}

export const cronExpression = () =>
  checked(cronProblem).describe('A 5-field unix cron expression: minute hour day-of-month month day-of-week, e.g. "0 18 * * 5".');
export const timeZone = () => checked(timeZoneProblem).describe('An IANA time zone name, e.g. "Asia/Seoul". Default: Etc/UTC.');

export const stringList = () => z.array(z.string(), "must be a list of strings");

/** An environment name: also a file name and a part of resource names, hence the tight rule. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,30}$/;
export const environmentName = () =>
  z.string().regex(ENVIRONMENT_NAME, "must be lowercase letters, digits and hyphens, start with a letter, at most 31 characters");

/** A Cloud Run job id (jobs allow 63 characters; services 49, see the service schema). */
export const jobId = () =>
  z
    .string()
    .regex(
      /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
      "must be a Cloud Run job id: lowercase letters, digits and hyphens, start with a letter, not end with a hyphen, at most 63 characters",
    );

export const email = () => z.email("must be an email address such as runway@demo-project.iam.gserviceaccount.com");

export const cpu = () =>
  z.string().regex(/^(?:[1-9]\d*|0\.\d*[1-9]\d*|[1-9]\d*m)$/, 'must be a CPU amount like "1", "2", "0.5" or "1000m"');
export const memory = () => z.string().regex(/^[1-9]\d*(?:Ki|Mi|Gi|M|G)$/, 'must be a memory size like "512Mi" or "1Gi"');

/** A request path for a check or an HTTP schedule: relative to the service, never another host. */
export const requestPath = () =>
  z
    .string()
    .max(2048, "must be at most 2048 characters")
    .regex(/^\//, 'must start with "/"')
    // "//host" and "/\host" are read by URL parsers as another host: refuse them, with "://".
    .refine((path) => !path.includes("://") && !/^\/[/\\]/.test(path), "must be a path on the service, not a URL or another host")
    .refine((path) => !/[\s\\]/.test(path), "must not contain spaces or backslashes (percent-encode them)");

/**
 * Environment variables. Cloud Run sets some names itself and refuses them in a spec;
 * `reserved` lists those, and names beginning with X_GOOGLE_ are always refused.
 */
export function envMap(reserved: readonly string[]) {
  const name = z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name: letters, digits and underscores, not starting with a digit")
    .refine((key) => !key.startsWith("X_GOOGLE_") && !reserved.includes(key), {
      error: (issue) => `${String(issue.input)} is reserved: Cloud Run sets it`,
    });
  return z.record(name, z.string('must be a string (quote values such as "true" or "8080")'));
}

/** Reports entries of a list that repeat a name, at the repeat. */
export function uniqueNames<T extends { name: string }>(what: string) {
  return (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `duplicate ${what} name "${item.name}" (also the name of item [${first}])`,
          input: item.name,
        });
    });
  };
}
