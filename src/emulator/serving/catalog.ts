import { invalid } from "../errors.js";

/** What an image does when the emulator runs it. */
export interface ImageSpec {
  image: string;
  /** Static answer of a service revision. */
  status?: number;
  body?: unknown;
  latencyMs?: number;
  /** false: the revision never becomes Ready. */
  ready?: boolean;
  /** How long the revision takes to become Ready (or to fail, with ready: false). */
  startupMs?: number;
  /** A real process: the image's default command (Docker CMD), spawned with PORT set. */
  command?: string[];
  /** Docker ENTRYPOINT: container `args` are appended to it, replacing `command`. */
  entrypoint?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Exit code of a job task for images without a command. */
  exitCode?: number;
  /**
   * Share of a revision's requests (0..1) that answer 500, whatever the image would have said. The
   * sequence is deterministic: request n (from 1) fails when floor(n·ratio) grows, so the first N
   * requests hold exactly floor(N·ratio) failures, spread evenly.
   */
  errorRatio?: number;
  /** Added to every request's latency, for static and command images alike. */
  extraLatencyMs?: number;
}

const stringArray = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === "string");

export function parseImageSpec(input: unknown): ImageSpec {
  const body = (input ?? {}) as Record<string, unknown>;
  if (typeof body.image !== "string" || !body.image) throw invalid("image", "required");
  if (body.status !== undefined && (!Number.isInteger(body.status) || (body.status as number) < 100 || (body.status as number) > 599))
    throw invalid("status", "an HTTP status code");
  for (const field of ["latencyMs", "startupMs", "exitCode", "extraLatencyMs"] as const) {
    if (body[field] !== undefined && (typeof body[field] !== "number" || (body[field] as number) < 0))
      throw invalid(field, "a non-negative number");
  }
  if (body.ready !== undefined && typeof body.ready !== "boolean") throw invalid("ready", "a boolean");
  if (body.errorRatio !== undefined && (typeof body.errorRatio !== "number" || !(body.errorRatio >= 0 && body.errorRatio <= 1)))
    throw invalid("errorRatio", "a number from 0 to 1: the share of requests that answer 500");
  for (const field of ["command", "entrypoint"] as const) {
    if (body[field] !== undefined && (!stringArray(body[field]) || (body[field] as string[]).length === 0))
      throw invalid(field, "a non-empty array of strings");
  }
  if (body.cwd !== undefined && typeof body.cwd !== "string") throw invalid("cwd", "a string");
  if (body.env !== undefined && (typeof body.env !== "object" || !Object.values(body.env as object).every((v) => typeof v === "string")))
    throw invalid("env", "an object of strings");
  return body as unknown as ImageSpec;
}

/** An image reference without its tag or digest: `repo/name:tag@sha256:…` → `repo/name`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split("@")[0] as string;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

export function lookupImage(catalog: Map<string, ImageSpec>, image: string): ImageSpec | undefined {
  return catalog.get(image) ?? catalog.get(imageRepository(image));
}
