// The invariants every reliability scenario must leave behind, checked against the emulator's
// live state (never against what Runway says it did): traffic only on revisions that passed
// their checks, a ledger that agrees with Cloud Run, batch jobs on the live release's image, no
// managed schedule left paused, and a re-run that converges without writing.
import { resolve } from "node:path";
import { expect } from "vitest";
import { jobIdPrefix, readSnapshot } from "../../src/core/batch/index.js";
import { LABEL_ENV } from "../../src/core/batch/batch-spec.js";
import type { Environment } from "../../src/core/config/types.js";
import { readLedger, readRecord } from "../../src/core/ledger.js";
import { loadEnvironment } from "../../src/core/config/load.js";
import type { Service } from "../../src/gcp/cloudrun.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { type EmulatorFixture, PARENT } from "../helpers/emulator.js";

export interface InvariantOptions {
  /** The workspace whose environments/ the scenario ran with. */
  root: string;
  /** Runs the scenario's command again; must not write once the state has converged. */
  rerun?: () => Promise<unknown>;
  /** Messages a converged re-run may refuse with (e.g. "already serves 100%"). */
  convergedRefusal?: RegExp;
  /** The command rewrites even when nothing changed (preview re-tags): then the served traffic must not move. */
  rerunMayRewrite?: boolean;
}

export async function checkInvariants(fx: EmulatorFixture, env: string, options: InvariantOptions): Promise<void> {
  const config = await loadEnvironment(resolve(options.root, "environments"), env, { root: options.root });
  const name = `${PARENT}/services/${config.service.name}`;
  const [service] = await fx.clients.grpc.services.getService({ name }).catch(() => [undefined]);
  if (service) {
    const ledger = readLedger(service);
    const traffic = servedTraffic(service);
    // Traffic (any share above 0%) only on revisions recorded healthy: a revision that failed
    // or never finished its checks must not serve users, even partly.
    for (const entry of traffic.filter((e) => e.percent > 0)) {
      expect(ledger[entry.revision]?.state, `${env}: ${entry.revision} serves ${entry.percent}%`).toBe("healthy");
    }
    // One revision at 100%: a rollout left half-way is not a converged state.
    expect(
      traffic.filter((e) => e.percent === 100),
      `${env}: traffic ${JSON.stringify(traffic)}`,
    ).toHaveLength(1);
    await checkBatchJobs(fx, env, config, service);
  }
  // Managed schedules: every one declared exists, and none is paused unless the config says so.
  const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
  const managed = new Map(
    jobs.filter((j) => String(j.name).split("/").pop()?.startsWith(jobIdPrefix(env))).map((j) => [String(j.name).split("/").pop(), j]),
  );
  for (const schedule of config.schedules ?? []) {
    const job = managed.get(`${jobIdPrefix(env)}${schedule.name}`);
    // Once a release is live, its schedules exist: a converged environment has lost none.
    expect(job || !service, `${env}: schedule ${schedule.name} is missing`).toBeTruthy();
    if (!job) continue;
    const paused = job.state === "PAUSED" || job.state === 2;
    expect(paused, `${env}: schedule ${schedule.name} paused=${paused}, config paused=${schedule.paused}`).toBe(schedule.paused);
  }
  if (options.rerun) await expectConverged(fx, options.rerun, options.convergedRefusal, options.rerunMayRewrite ? name : undefined);
}

const short = (name: unknown) =>
  String(name ?? "")
    .split("/")
    .pop() as string;

/**
 * Batch jobs follow the live release: once a release serves 100% and is healthy, every batch job
 * of the environment (those its release snapshot records, else those the config declares, and any
 * other Cloud Run job labelled for the environment except the migration job) exists and runs the
 * image the ledger records for that release. The snapshot, when there is one, names the same image.
 */
async function checkBatchJobs(fx: EmulatorFixture, env: string, config: Environment, service: Service): Promise<void> {
  const live = servedTraffic(service).find((e) => e.percent === 100)?.revision;
  const entry = live ? readLedger(service)[live] : undefined;
  if (!live || entry?.state !== "healthy") return;
  const [revision] = await fx.clients.grpc.revisions.getRevision({ name: `${service.name}/revisions/${live}` });
  const record = readRecord(revision);
  const image = entry.image ?? record?.image;
  expect(image, `${env}: the ledger records no image for the live release on ${live}`).toBeTruthy();
  const snapshot = record?.snapshot ? readSnapshot(record.snapshot) : undefined;
  if (snapshot) expect(snapshot.image, `${env}: the batch snapshot of ${live} names another image than its release`).toBe(image);
  const declared = snapshot ? snapshot.batch.map((job) => String(job.name)) : config.batch.map((job) => job.name);
  const [jobs] = await fx.clients.grpc.jobs.listJobs({ parent: PARENT });
  const labelled = jobs
    .filter((job) => job.labels?.[LABEL_ENV] === env && short(job.name) !== config.migrations?.job)
    .map((job) => short(job.name));
  for (const name of new Set([...declared, ...labelled])) {
    const job = jobs.find((j) => short(j.name) === name);
    expect(job, `${env}: batch job ${name} of the live release is missing`).toBeDefined();
    const runs = job?.template?.template?.containers?.[0]?.image;
    expect(runs, `${env}: batch job ${name} runs ${runs}, not the live release's image (${live})`).toBe(image);
  }
}

/** A re-run after convergence writes nothing: it reports "unchanged" or refuses as converged. */
export async function expectConverged(
  fx: EmulatorFixture,
  rerun: () => Promise<unknown>,
  convergedRefusal?: RegExp,
  rewrites?: string,
): Promise<void> {
  const served = async () => (rewrites ? servedTraffic((await fx.clients.grpc.services.getService({ name: rewrites }))[0]) : []);
  const traffic = await served();
  const before = (await fx.calls()).length;
  const outcome = await rerun().then(
    () => undefined,
    (e: Error) => e,
  );
  if (outcome) {
    expect(outcome.name, `re-run failed: ${outcome.message}`).toBe("RefusalError");
    expect(outcome.message).toMatch(convergedRefusal ?? /^$/);
  }
  if (rewrites) {
    expect(await served(), "a converged re-run must not move traffic").toEqual(traffic);
    return;
  }
  const writes = (await fx.calls()).slice(before).filter((c) => c.mutating && c.code === "OK");
  expect(
    writes.map((c) => c.method),
    "a converged re-run must not write",
  ).toEqual([]);
}
