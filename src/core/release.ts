// A release is one image by digest, one commit, and the id both give it. The id is derived,
// not random, so a re-run of the same release converges instead of creating a duplicate,
// and a promotion keeps the id it had in the environment before.
import { createHash } from "node:crypto";
import { ConfigurationError } from "../shared/errors.js";

export interface Release {
  id: string;
  image: string;
  commit: string;
  /** The sha256 digest of the image, when the image is given by digest. */
  digest?: string;
}

const DIGEST = /@sha256:([0-9a-f]{64})$/;
const COMMIT = /^[0-9a-f]{7,40}$/;
// registry/path[:tag][@sha256:digest], lowercase path components as Docker requires.
const IMAGE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

export function makeRelease(input: { image: string; commit: string; requireDigest: boolean; environment: string }): Release {
  const image = input.image.trim();
  const commit = input.commit.trim().toLowerCase();
  if (!IMAGE.test(image) || image.length > 1024) {
    throw new ConfigurationError(`image: ${JSON.stringify(image.slice(0, 120))} is not a valid image reference`, { field: "image" });
  }
  const digest = DIGEST.exec(image)?.[1];
  if (!digest && input.requireDigest) {
    throw new ConfigurationError(
      `image: ${input.environment} requires an image by digest (…@sha256:<64 hex>), got the tag-only reference ${JSON.stringify(image)}; deploy the digest your build produced`,
      { field: "image" },
    );
  }
  if (!COMMIT.test(commit)) {
    throw new ConfigurationError(`commit: ${JSON.stringify(input.commit.slice(0, 80))} is not a git commit sha (7 to 40 hex characters)`, {
      field: "commit",
    });
  }
  const imageKey = digest ?? createHash("sha256").update(image).digest("hex");
  return { id: `${commit.slice(0, 7)}-${imageKey.slice(0, 6)}`, image, commit, digest };
}

/** The tag a release's revision carries, so it can be reached before it takes traffic. */
export const releaseTag = (release: Release) => `rel-${release.id}`;

/**
 * Deterministic revision names make a re-run reuse the revision it already created. The
 * config hash keeps a changed environment config from colliding with the old revision.
 */
export function revisionName(service: string, release: Release, templateKey: string): string {
  const hash = createHash("sha256").update(`${release.image}\n${templateKey}`).digest("hex").slice(0, 5);
  return `${service}-${release.commit.slice(0, 7)}-${hash}`;
}
