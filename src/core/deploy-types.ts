// The deploy engine's inputs, outputs and hooks.
import type { RunDeps } from "../gcp/cloudrun.js";
import type { AnalysisSpec, SmokeCheck } from "./config/types.js";
import type { AnalysisRecord } from "./canary.js";
import type { AppliedMigration } from "./ledger.js";
import type { Service as ServiceSpec } from "./config/types.js";
import type { DeployPlan, StepConfig } from "./plan.js";
import type { Release } from "./release.js";
import { StepError, type StepRecord } from "./timeline.js";

export interface DeployTarget {
  name: string;
  project: string;
  region: string;
  requireDigest: boolean;
  service: ServiceSpec;
  checks: SmokeCheck[];
  steps: StepConfig[];
  /** A watch after 100% against the previous release's baseline (core/canary.ts). */
  bake?: { durationMs: number; analysis: AnalysisSpec };
  freezeAt?: (at: Date) => { reason: string; until: Date } | undefined;
  /** The batch jobs and schedules of a release of this image, recorded on its revision. */
  snapshotFor?: (image: string) => Record<string, unknown>;
}

export interface DeploymentMirror {
  start(input: { environment: string; ref: string; payload: Record<string, unknown>; description: string }): Promise<number | undefined>;
  status(
    id: number,
    state: "in_progress" | "success" | "failure",
    options: { environmentUrl?: string; description?: string },
  ): Promise<void>;
}

export interface FailureNotice {
  environment: string;
  step: string;
  message: string;
  commit: string;
  release: string;
  image: string;
}

export interface GateVerdict {
  blocked: boolean;
  /** One line: what the gate found and decided. */
  summary: string;
  /** Migrations new in this release, recorded for migration-aware rollback. */
  migrations: AppliedMigration[];
  /** Each app's leaf migration after this release. */
  schema?: string[];
}

export interface DeployHooks {
  /** The migration gate: decides before any write whether this release may go out. */
  gate?(context: { release: Release; base: string | undefined }): Promise<GateVerdict>;
  /** Runs after the revision passed its checks and before any traffic moves (migrations). */
  beforeTraffic?(context: { plan: DeployPlan; tagUrl?: string }): Promise<string>;
  /** Runs once the release is live and recorded: batch jobs and schedules move with it. Says what it did, and whether it wrote. */
  afterLive?(context: { plan: DeployPlan }): Promise<{ detail: string; changed: boolean }>;
}

export interface DeployDeps extends RunDeps {
  fetch: typeof fetch;
  mirror?: DeploymentMirror;
  notify?: (notice: FailureNotice) => Promise<void>;
  hooks?: DeployHooks;
  checkRetryDelayMs?: number;
  /** How the log shows the plan before anything is written (see progress.ts). */
  progress?: { deployPlan(plan: DeployPlan, freeze?: { reason: string; until: Date }): string };
}

export interface DeployRequest {
  target: DeployTarget;
  image: string;
  commit: string;
  dryRun: boolean;
}

export interface DeployResult {
  /** caught-up: the release was already live, and this run finished what an earlier one left (its batch jobs and schedules). */
  outcome: "dry-run" | "deployed" | "caught-up" | "unchanged";
  plan: DeployPlan;
  freeze?: { reason: string; until: Date };
  steps: StepRecord[];
  revision: string;
  url?: string;
  tagUrl?: string;
  previousRevision?: string;
  /** The canary analyses that ran, passed or not, in order: the summary's evidence. */
  analyses?: AnalysisRecord[];
}

export class DeployFailure extends StepError {
  constructor(
    step: string,
    cause: unknown,
    readonly result: Omit<DeployResult, "outcome">,
    readonly restored: boolean,
  ) {
    super(step, cause);
    this.name = "DeployFailure";
  }
}
