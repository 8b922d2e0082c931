// Pull-request previews: the PR's image as a revision of the dev service with no traffic,
// reachable at its `pr-<N>` tag URL. The tag moves to each new push; on close the tag goes and
// the PR's idle revisions are deleted. Previews are not releases: they never enter the ledger.
import { createHash } from "node:crypto";
import { deleteRevision, getRevision, listRevisions, type RunDeps, type Service, serviceName } from "../gcp/cloudrun.js";
import { settledService } from "./settle.js";
import { ConfigurationError, RefusalError } from "../shared/errors.js";
import { type CheckResult, runChecks } from "./checks.js";
import type { Service as ServiceSpec, SmokeCheck } from "./config/types.js";
import { ANNOTATION_OWNED, buildRevision } from "./template/index.js";
import { makeRelease } from "./release.js";
import { ConflictError } from "../shared/errors.js";
import { type Writer, write } from "./rollout.js";
import { inStep } from "./timeline.js";
import { stableJson } from "../shared/stable-json.js";
import { servedTraffic, shortRevision, type TrafficEntry, toTargets } from "./traffic.js";

export const LABEL_PREVIEW = "runway-preview";

export interface PreviewTarget {
  name: string;
  project: string;
  region: string;
  service: ServiceSpec;
  checks: SmokeCheck[];
}

export interface PreviewDeps extends RunDeps {
  fetch: typeof fetch;
  checkRetryDelayMs?: number;
}

/** A PR number becomes part of a DNS label, so only a plain positive integer is accepted. */
export function previewTag(pr: number | string): string {
  const text = String(pr);
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw new ConfigurationError(`pr: ${JSON.stringify(text.slice(0, 40))} is not a pull request number`, { field: "pr" });
  return `pr-${text}`;
}

function withTag(traffic: TrafficEntry[], tag: string, revision: string | undefined): TrafficEntry[] {
  const others = traffic
    .map((e) => (e.tag === tag ? { revision: e.revision, percent: e.percent } : e))
    .filter((e) => e.percent > 0 || e.tag);
  return revision ? [...others, { revision, percent: 0, tag }] : others;
}

export interface PreviewResult {
  tag: string;
  revision: string;
  url?: string;
  checks: CheckResult[];
  service: string;
}

export async function previewDeploy(
  input: { target: PreviewTarget; pr: number; image: string; commit: string },
  deps: PreviewDeps,
): Promise<PreviewResult> {
  const { target } = input;
  const tag = previewTag(input.pr);
  const release = makeRelease({ image: input.image, commit: input.commit, requireDigest: false, environment: target.name });
  const name = serviceName(target.project, target.region, target.service.name);
  const current = await inStep("read service", () => settledService(deps, name, "preview"));
  if (!current)
    throw new RefusalError(
      `${target.name} has no service ${target.service.name} yet; deploy ${target.name} once before previews can be added to it`,
    );
  // Built like a release's (the live service's Cloud SQL, VPC and volumes kept), so the preview
  // behaves like dev and the next deploy, which starts from this template, loses nothing.
  const built = buildRevision(target.service, release.image, current);
  const { template } = built;
  const hash = createHash("sha256").update(stableJson(template)).digest("hex").slice(0, 4);
  const revision = `${target.service.name}-${tag}-${release.commit.slice(0, 7)}-${hash}`.slice(0, 63);
  const previewTemplate = {
    ...template,
    revision,
    labels: { ...template.labels, [LABEL_PREVIEW]: String(input.pr) },
    annotations: { ...template.annotations, [ANNOTATION_OWNED]: JSON.stringify(built.owned) },
  };
  const exists = current.template?.revision === revision || (await inStep("read revision", () => hasRevision(deps, name, revision)));
  const updated = await inStep("deploy preview", () =>
    deps.logger.group(`deploy ${revision} at ${tag}`, () =>
      placePreview(deps, current, revision, tag, exists ? undefined : previewTemplate),
    ),
  );
  const url = updated.trafficStatuses?.find((t) => t.tag === tag)?.uri ?? undefined;
  const checks = url
    ? await deps.logger.group("smoke checks", () =>
        runChecks(url, target.checks, { fetch: deps.fetch, clock: deps.clock, logger: deps.logger, retryDelayMs: deps.checkRetryDelayMs }),
      )
    : [];
  return { tag, revision, url, checks, service: name };
}

/**
 * A rollout may be writing the same service: a conflict re-reads the service and places the
 * preview again on top of whatever the rollout did, a few times, instead of failing the preview.
 */
async function placePreview(
  deps: PreviewDeps,
  service: Service,
  revision: string,
  tag: string,
  template: Service["template"] | undefined,
): Promise<Service> {
  let current = service;
  for (let attempt = 0; ; attempt++) {
    // Already in place (a re-run): no write, so no etag moves under a concurrent rollout.
    if (servedTraffic(current).some((e) => e.tag === tag && e.revision === revision)) return current;
    const writer: Writer = { service: current, candidate: revision };
    const change = (s: Service): Service => ({
      ...s,
      ...(template && s.template?.revision !== revision ? { template } : {}),
      traffic: toTargets(withTag(servedTraffic(s), tag, revision)),
    });
    try {
      return await write(deps, writer, change);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 3) throw error;
      deps.logger.info("  a rollout changed the service meanwhile; placing the preview again");
      current = (await settledService(deps, String(service.name), "preview")) ?? current;
    }
  }
}

async function hasRevision(deps: PreviewDeps, service: string, revision: string): Promise<boolean> {
  return (await getRevision(deps, `${service}/revisions/${revision}`)) !== undefined;
}

export interface CleanupResult {
  tag: string;
  deleted: string[];
  kept: { revision: string; why: string }[];
}

/** Removes the PR's tag, then deletes the PR's revisions that serve nothing. */
export async function previewCleanup(input: { target: PreviewTarget; pr: number }, deps: PreviewDeps): Promise<CleanupResult> {
  const { target } = input;
  const tag = previewTag(input.pr);
  const name = serviceName(target.project, target.region, target.service.name);
  const current = await inStep("read service", () => settledService(deps, name, "clean up the preview"));
  if (!current) return { tag, deleted: [], kept: [] };
  const tagged = servedTraffic(current).some((e) => e.tag === tag);
  const writer: Writer = { service: current, candidate: shortRevision(current.latestCreatedRevision) };
  const after = tagged
    ? await inStep("remove tag", () =>
        write(deps, writer, (s) => ({ ...s, traffic: toTargets(withTag(servedTraffic(s), tag, undefined)) })),
      )
    : current;
  const revisions = (await inStep("list revisions", () => listRevisions(deps, name))).filter(
    (r) => r.labels?.[LABEL_PREVIEW] === String(input.pr),
  );
  const busy = new Set(servedTraffic(after).map((e) => e.revision));
  const deleted: string[] = [];
  const kept: { revision: string; why: string }[] = [];
  for (const revision of revisions) {
    const id = shortRevision(revision.name);
    if (busy.has(id)) kept.push({ revision: id, why: "it still serves traffic or carries a tag" });
    else if (after.latestCreatedRevision === revision.name)
      kept.push({ revision: id, why: "it is the service's latest revision; the next deploy retires it" });
    else {
      await inStep(`delete ${id}`, () => deleteRevision(deps, String(revision.name)));
      deleted.push(id);
    }
  }
  return { tag, deleted, kept };
}
