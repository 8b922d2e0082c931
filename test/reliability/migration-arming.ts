// Where a migration fault test injects its fault: a logger arms it when the command enters or
// leaves a log group, so it hits exactly the call it means; and the calls of the migration step,
// each with the phase its fault is armed at, times the faults each gets.
import { MemoryLogger } from "../../src/shared/runtime.js";
import type { Transport } from "../../src/gcp/clients.js";
import { type EmulatorFixture, PARENT, TRANSPORTS } from "../helpers/emulator.js";
import { FULL, JOB, SCHEDULES } from "./migration-fixture.js";

export const RUN = "google.cloud.run.v2.Jobs/";
export const OPS = "google.longrunning.Operations/GetOperation";
export const SCHED = "google.cloud.scheduler.v1.CloudScheduler/";
export const START = "enter migrations";
const [NIGHTLY, NOON] = SCHEDULES.dev.map((id) => `${PARENT}/jobs/${id}`) as [string, string];

/** A logger that, on entering or leaving a named log group, injects a fault: so a fault hits the call it means, not an earlier one of the same method. */
export class ArmingLogger extends MemoryLogger {
  readonly events: { event: string; calls: number }[] = [];
  constructor(
    private readonly fx: EmulatorFixture,
    private arm?: { at: string; fault: Record<string, unknown> },
    private readonly trace = false,
  ) {
    super();
  }
  private async mark(event: string) {
    if (this.trace) this.events.push({ event, calls: (await this.fx.calls()).length });
    if (this.arm?.at === event) {
      await this.fx.control("/_emulator/faults", this.arm.fault);
      this.arm = undefined;
    }
  }
  override async group<T>(title: string, run: () => Promise<T>): Promise<T> {
    await super.group(title, async () => undefined);
    await this.mark(`enter ${title}`);
    try {
      return await run();
    } finally {
      await this.mark(`exit ${title}`);
    }
  }
}

/** The calls of the migration step, in order, each with where its fault is armed. */
export interface Target {
  label: string;
  method: string;
  resource?: string;
  /** The log group event after which this call is the first of its method (and resource)… */
  at: string;
  /** …or comes after this many of them. */
  after?: number;
  /** The call starts a long-running operation, which can itself fail. */
  lro?: boolean;
  /** The call belongs to the resume after the job: a persistent outage there can leave schedules paused until a re-run. */
  resume?: boolean;
  /** The job has run (the migration is applied) when this call fails. */
  afterRun?: boolean;
  /** What the error must say failed, beyond the step: the part of the migration step. */
  names: RegExp;
}

export const TARGETS: Target[] = [
  {
    label: "GetJob (migration job)",
    method: `${RUN}GetJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    names: /sync the migration job web-dev-migrate: /,
  },
  {
    label: "UpdateJob (migration job)",
    method: `${RUN}UpdateJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    lro: true,
    names: /sync the migration job web-dev-migrate: /,
  },
  {
    // Read again before the pause: is an earlier run's migration still running?
    label: "GetJob (none still running)",
    method: `${RUN}GetJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    after: 1,
    names: /run the migration job web-dev-migrate: /,
  },
  { label: "ListJobs (pause)", method: `${SCHED}ListJobs`, at: START, names: /pause the schedules: / },
  { label: "UpdateJob mark (nightly)", method: `${SCHED}UpdateJob`, resource: NIGHTLY, at: START, names: /pause the schedules: / },
  { label: "UpdateJob mark (noon)", method: `${SCHED}UpdateJob`, resource: NOON, at: START, names: /pause the schedules: / },
  { label: "PauseJob (nightly)", method: `${SCHED}PauseJob`, resource: NIGHTLY, at: START, names: /pause the schedules: / },
  { label: "PauseJob (noon)", method: `${SCHED}PauseJob`, resource: NOON, at: START, names: /pause the schedules: / },
  {
    label: "RunJob",
    method: `${RUN}RunJob`,
    resource: JOB("web-dev-migrate"),
    at: START,
    lro: true,
    names: /run the migration job web-dev-migrate: /,
  },
  { label: "GetOperation (RunJob)", method: OPS, at: START, afterRun: true, names: /run the migration job web-dev-migrate: / },
  {
    label: "ListJobs (resume)",
    method: `${SCHED}ListJobs`,
    at: "exit scheduler pause",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "ResumeJob (nightly)",
    method: `${SCHED}ResumeJob`,
    resource: NIGHTLY,
    at: START,
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "ResumeJob (noon)",
    method: `${SCHED}ResumeJob`,
    resource: NOON,
    at: START,
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "UpdateJob unmark (nightly)",
    method: `${SCHED}UpdateJob`,
    resource: NIGHTLY,
    at: "enter scheduler resume",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
  {
    label: "UpdateJob unmark (noon)",
    method: `${SCHED}UpdateJob`,
    resource: NOON,
    at: "enter scheduler resume",
    resume: true,
    afterRun: true,
    names: /resume the schedules after the migration job ran: /,
  },
];

export interface Fault {
  label: string;
  body: (t: Target) => Record<string, unknown>;
  transient?: boolean;
  onlyLro?: boolean;
}

/** The fault's aim: this target's method, resource and place among the calls after `at`. */
const aim = (t: Target) => ({ method: t.method, resource: t.resource, ...(t.after ? { after: t.after } : {}) });

const FAULTS: Fault[] = [
  { label: "UNAVAILABLE once", body: (t) => ({ ...aim(t), code: "UNAVAILABLE", times: 1 }), transient: true },
  { label: "UNAVAILABLE persistent", body: (t) => ({ ...aim(t), code: "UNAVAILABLE", times: -1 }) },
  {
    label: "DEADLINE_EXCEEDED once",
    body: (t) => ({ ...aim(t), code: "DEADLINE_EXCEEDED", times: 1 }),
    transient: true,
  },
  {
    label: "DEADLINE_EXCEEDED persistent",
    body: (t) => ({ ...aim(t), code: "DEADLINE_EXCEEDED", times: -1 }),
  },
  {
    label: "operation fails INTERNAL",
    body: (t) => ({ ...aim(t), failOperation: "INTERNAL", times: 1 }),
    onlyLro: true,
  },
];

/** The default run: every call kind, both codes, once and persistent, pause and resume paths, split over the two transports. */
const DEFAULT_EXECUTION = new Set([
  "grpc · GetOperation (RunJob) · UNAVAILABLE once",
  "grpc · RunJob · DEADLINE_EXCEEDED persistent",
  "grpc · PauseJob (noon) · UNAVAILABLE persistent",
  "grpc · ResumeJob (noon) · UNAVAILABLE persistent",
  "rest · GetJob (migration job) · DEADLINE_EXCEEDED once",
  "rest · RunJob · operation fails INTERNAL",
  "rest · ResumeJob (nightly) · DEADLINE_EXCEEDED persistent",
]);

export const EXECUTION: { id: string; transport: Transport; target: Target; fault: Fault }[] = TRANSPORTS.flatMap((transport) =>
  TARGETS.flatMap((target) =>
    FAULTS.filter((f) => !f.onlyLro || target.lro).map((fault) => ({
      id: `${transport} · ${target.label} · ${fault.label}`,
      transport,
      target,
      fault,
    })),
  ),
).filter((s) => FULL || DEFAULT_EXECUTION.has(s.id));
