// Planning is pure: from the environment, the release and the service as read, it decides
// the revision, the template and the traffic at every step, before anything is written.
import type { protos } from "@google-cloud/run";
import type { AnalysisSpec, Service as ServiceSpec } from "./config/types.js";
import type { Drift } from "./drift.js";
import { stableJson } from "../shared/stable-json.js";
import { ANNOTATION_OWNED, buildRevision, type FieldChange, type ServiceFields } from "./template/index.js";
import { servingIndex } from "./template/merge.js";
import type { Service } from "../gcp/cloudrun.js";
import { type AppliedMigration, readLedger, releaseAnnotation, releaseLabels, type ReleaseRecord } from "./ledger.js";
import { type Release, releaseTag, revisionName } from "./release.js";
import { primaryRevision, servedTraffic, shortRevision, type TrafficEntry, withCandidate } from "./traffic.js";

type Template = protos.google.cloud.run.v2.IRevisionTemplate;

export interface StepConfig {
  percent: number;
  waitMs: number;
  checks: string[];
  /** Canary analysis after the step's wait and checks (core/canary.ts); none: checks only. */
  analysis?: AnalysisSpec;
}

export interface PlanStep extends StepConfig {
  traffic: TrafficEntry[];
}

export interface BakeSpec {
  durationMs: number;
  analysis: AnalysisSpec;
}

export interface EnvChange {
  name: string;
  before?: string;
  after?: string;
}

export interface DeployPlan {
  environment: string;
  service: string;
  release: Release;
  revision: string;
  tag: string;
  firstDeploy: boolean;
  /** The release is already live at 100% and healthy: nothing to do. */
  alreadyLive: boolean;
  imageBefore?: string;
  trafficBefore: TrafficEntry[];
  steps: PlanStep[];
  /** The watch after 100% (core/deploy.ts bake), as resolved from the rollout; none: no bake. */
  bake?: BakeSpec;
  envChanges: EnvChange[];
  /** Fields this deploy changes on the live service, other than the image and Runway's keys. */
  changes: FieldChange[];
  /** Live fields the environment does not declare: kept as they are. */
  kept: string[];
  template: Template;
  /** Service-level fields the environment declares, applied at each write. */
  serviceFields: ServiceFields;
  /** What changed on the service outside Runway since its last release (read before planning). */
  drift?: Drift;
  migrations?: AppliedMigration[];
  schema?: string[];
}

function envOf(template: Template | null | undefined): Map<string, string> {
  const env = new Map<string, string>();
  const containers = template?.containers ?? [];
  for (const item of containers[servingIndex(containers)]?.env ?? []) {
    const secret = item.valueSource?.secretKeyRef;
    env.set(String(item.name), secret ? `secret:${secret.secret}:${secret.version ?? "latest"}` : String(item.value ?? ""));
  }
  return env;
}

export function envChanges(before: Template | null | undefined, after: Template): EnvChange[] {
  const a = envOf(before);
  const b = envOf(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.filter((n) => a.get(n) !== b.get(n)).map((name) => ({ name, before: a.get(name), after: b.get(name) }));
}

export interface PlanInput {
  environment: string;
  serviceName: string;
  config: ServiceSpec;
  steps: StepConfig[];
  bake?: BakeSpec;
  release: Release;
  current: Service | undefined;
  now: Date;
  /** The batch jobs and schedules that go with this release, for rollback to restore. */
  snapshot?: Record<string, unknown>;
  /** The migrations this release applies, as the gate found them. */
  migrations?: AppliedMigration[];
  schema?: string[];
  /** The image of the revision serving most traffic, read before planning (see servingImage). */
  imageBefore?: string;
  /** What changed on the service outside Runway since its last release (readDrift). */
  drift?: Drift;
}

/**
 * Runway's own `rel-` tags are kept only on the revision being replaced, so a quick look at
 * the previous release stays possible while tags (a per-project quota) do not pile up. Tags
 * people or previews set are never touched, nor those of a release still rolling out: its
 * rollout checks through that tag, and must lose on the etag, not on a missing URL.
 */
function pruneReleaseTags(baseline: TrafficEntry[], rollingOut: Set<string>): TrafficEntry[] {
  const primary = primaryRevision(baseline);
  return baseline
    .map((e) =>
      e.tag?.startsWith("rel-") && e.revision !== primary && !rollingOut.has(e.revision) ? { revision: e.revision, percent: e.percent } : e,
    )
    .filter((e) => e.percent > 0 || e.tag);
}

export function planDeploy(input: PlanInput): DeployPlan {
  const { config, release, current } = input;
  const built = buildRevision(config, release.image, current);
  const { template } = built;
  // The name hashes what the YAML declares, not what is kept from the live service: Cloud Run
  // fills in defaults on what it stores, so a re-run would otherwise name another revision.
  const revision = revisionName(config.name, release, stableJson(buildRevision(config, release.image, undefined).template));
  const tag = releaseTag(release);
  const firstDeploy = !current;
  // A re-run must restore what served before the first run, not the half-shifted traffic.
  const trafficBefore = current ? servedTraffic(current).filter((e) => e.revision !== revision || e.percent === 0) : [];
  const baseline = trafficBefore.filter((e) => e.revision !== revision);
  const served = current ? servedTraffic(current) : [];
  const alreadyLive =
    served.length > 0 &&
    served.every((e) => e.revision === revision || e.percent === 0) &&
    served.some((e) => e.revision === revision && e.percent === 100);
  const rollingOut = new Set(
    Object.entries(readLedger(current))
      .filter(([, e]) => e.state === "deploying")
      .map(([name]) => name),
  );
  const kept = pruneReleaseTags(baseline, rollingOut);
  const steps = firstDeploy
    ? [
        {
          percent: 100,
          waitMs: input.steps.at(-1)?.waitMs ?? 0,
          checks: input.steps.at(-1)?.checks ?? [],
          traffic: [{ revision, percent: 100, tag }],
        },
      ]
    : input.steps.map((step) => ({ ...step, traffic: withCandidate(kept, { revision, tag }, step.percent) }));
  const record: ReleaseRecord = {
    id: release.id,
    commit: release.commit,
    image: release.image,
    environment: input.environment,
    createdAt: input.now.toISOString(),
    replaced: primaryRevision(baseline),
    previousTraffic: baseline,
    ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    ...(input.migrations?.length ? { migrations: input.migrations } : {}),
  };
  return {
    environment: input.environment,
    service: input.serviceName,
    release,
    revision,
    tag,
    firstDeploy,
    alreadyLive,
    imageBefore: input.imageBefore ?? current?.template?.containers?.[0]?.image ?? undefined,
    trafficBefore: baseline,
    steps,
    ...(input.bake ? { bake: input.bake } : {}),
    envChanges: envChanges(current?.template, template),
    changes: built.changes,
    ...(input.drift ? { drift: input.drift } : {}),
    kept: built.kept,
    serviceFields: built.service,
    ...(input.migrations?.length ? { migrations: input.migrations } : {}),
    ...(input.schema ? { schema: input.schema } : {}),
    template: {
      ...template,
      revision,
      labels: { ...template.labels, ...releaseLabels(release) },
      annotations: { ...template.annotations, ...releaseAnnotation(record), [ANNOTATION_OWNED]: JSON.stringify(built.owned) },
    },
  };
}

export { shortRevision };
