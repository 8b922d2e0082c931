// Planning is pure: from the environment, the release and the service as read, it decides
// the revision, the template and the traffic at every step, before anything is written.
import type { protos } from "@google-cloud/run";
import { stableJson } from "./stable-json.js";
import type { Service } from "./cloudrun.js";
import { type AppliedMigration, readLedger, releaseAnnotation, releaseLabels, type ReleaseRecord } from "./ledger.js";
import { type Release, releaseTag, revisionName } from "./release.js";
import { primaryRevision, servedTraffic, shortRevision, type TrafficEntry, withCandidate } from "./traffic.js";

type Template = protos.google.cloud.run.v2.IRevisionTemplate;

export interface ServiceConfig {
  name: string;
  serviceAccount?: string;
  port: number;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  secrets: Record<string, { secret: string; version: string }>;
  resources: { cpu: string; memory: string; cpuIdle: boolean };
  scaling: { minInstances: number; maxInstances: number };
  concurrency: number;
  timeoutMs: number;
  labels: Record<string, string>;
}

export interface StepConfig {
  percent: number;
  waitMs: number;
  checks: string[];
}

export interface PlanStep extends StepConfig {
  traffic: TrafficEntry[];
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
  envChanges: EnvChange[];
  template: Template;
  migrations?: AppliedMigration[];
  schema?: string[];
}

const seconds = (ms: number) => ({ seconds: Math.max(1, Math.round(ms / 1000)) });

/** The revision template for a release, without the ledger facts (they vary per run). */
export function baseTemplate(config: ServiceConfig, image: string): Template {
  const env = [
    ...Object.entries(config.env).map(([name, value]) => ({ name, value })),
    ...Object.entries(config.secrets).map(([name, s]) => ({ name, valueSource: { secretKeyRef: { secret: s.secret, version: s.version } } })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  return {
    labels: { ...config.labels },
    scaling: { minInstanceCount: config.scaling.minInstances, maxInstanceCount: config.scaling.maxInstances },
    timeout: seconds(config.timeoutMs),
    maxInstanceRequestConcurrency: config.concurrency,
    ...(config.serviceAccount ? { serviceAccount: config.serviceAccount } : {}),
    containers: [
      {
        image,
        ...(config.command ? { command: config.command } : {}),
        ...(config.args ? { args: config.args } : {}),
        env,
        ports: [{ containerPort: config.port }],
        resources: { limits: { cpu: config.resources.cpu, memory: config.resources.memory }, cpuIdle: config.resources.cpuIdle },
      },
    ],
  };
}

function envOf(template: Template | null | undefined): Map<string, string> {
  const env = new Map<string, string>();
  for (const item of template?.containers?.[0]?.env ?? []) {
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
  config: ServiceConfig;
  steps: StepConfig[];
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
    .map((e) => (e.tag?.startsWith("rel-") && e.revision !== primary && !rollingOut.has(e.revision) ? { revision: e.revision, percent: e.percent } : e))
    .filter((e) => e.percent > 0 || e.tag);
}

export function planDeploy(input: PlanInput): DeployPlan {
  const { config, release, current } = input;
  const template = baseTemplate(config, release.image);
  const revision = revisionName(config.name, release, stableJson(template));
  const tag = releaseTag(release);
  const firstDeploy = !current;
  // A re-run must restore what served before the first run, not the half-shifted traffic.
  const trafficBefore = current ? servedTraffic(current).filter((e) => e.revision !== revision || e.percent === 0) : [];
  const baseline = trafficBefore.filter((e) => e.revision !== revision);
  const served = current ? servedTraffic(current) : [];
  const alreadyLive = served.length > 0 && served.every((e) => e.revision === revision || e.percent === 0) && served.some((e) => e.revision === revision && e.percent === 100);
  const rollingOut = new Set(Object.entries(readLedger(current)).filter(([, e]) => e.state === "deploying").map(([name]) => name));
  const kept = pruneReleaseTags(baseline, rollingOut);
  const steps = firstDeploy
    ? [{ percent: 100, waitMs: input.steps.at(-1)?.waitMs ?? 0, checks: input.steps.at(-1)?.checks ?? [], traffic: [{ revision, percent: 100, tag }] }]
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
    envChanges: envChanges(current?.template, template),
    ...(input.migrations?.length ? { migrations: input.migrations } : {}),
    ...(input.schema ? { schema: input.schema } : {}),
    template: {
      ...template,
      revision,
      labels: { ...template.labels, ...releaseLabels(release) },
      annotations: releaseAnnotation(record),
    },
  };
}

export { shortRevision };
