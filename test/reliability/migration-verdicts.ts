// What the migration fault tests check after a run, and how their verdicts are counted: each
// file prints the `[reliability] <category>: passed/run` lines docs/reliability.md quotes.
import { afterAll, expect } from "vitest";
import { jobState, readMarker } from "../../src/core/batch/marker.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { type EmulatorFixture, PARENT } from "../helpers/emulator.js";
import { type Env, SCHEDULES, SERVICE } from "./migration-fixture.js";
import { record } from "./tally.js";

/** How a run ended: its error, or undefined when it succeeded. */
export const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

/** The error says where it stopped. */
export function namesStep(error: Error, step: RegExp): boolean {
  return step.test(error.message);
}

/** The traffic env serves, and its ledger. */
export async function served(fx: EmulatorFixture, env: Env) {
  const [service] = await fx.clients.grpc.services.getService({ name: SERVICE[env] });
  // Tagged 0% entries (the candidate's tag) are not served traffic.
  return { traffic: servedTraffic(service).filter((e) => e.percent > 0), ledger: readLedger(service) };
}

/** Managed schedules of env that are PAUSED, or still carry Runway's paused-by mark. */
export async function held(fx: EmulatorFixture, env: Env): Promise<{ paused: string[]; marked: string[] }> {
  const [jobs] = await fx.clients.grpc.scheduler.listJobs({ parent: PARENT });
  const mine = jobs.filter((j) => SCHEDULES[env].includes(String(j.name).split("/").pop() as string));
  expect(mine.map((j) => String(j.name).split("/").pop()).sort(), `${env}: a managed schedule was lost`).toEqual(
    [...SCHEDULES[env]].sort(),
  );
  return {
    paused: mine.filter((j) => jobState(j) === "PAUSED").map((j) => String(j.name).split("/").pop() as string),
    marked: mine.filter((j) => readMarker(j.description)?.held === true).map((j) => String(j.name).split("/").pop() as string),
  };
}

/** Right after a failure: the target serves exactly what it served, on the revision recorded healthy, and nothing it serves is recorded otherwise. */
export async function expectUntouched(fx: EmulatorFixture, env: Env, before: Awaited<ReturnType<typeof served>>): Promise<void> {
  const after = await served(fx, env);
  expect(after.traffic, `${env}: traffic moved`).toEqual(before.traffic);
  for (const entry of after.traffic)
    expect(after.ledger[entry.revision]?.state, `${env}: ${entry.revision} serves but is not healthy`).toBe("healthy");
  for (const [revision, entry] of Object.entries(before.ledger))
    expect(after.ledger[revision]?.state, `${env}: ledger entry of ${revision}`).toBe(entry.state);
}

/** The mutating calls logged since `since`. */
export const writes = async (fx: EmulatorFixture, since: number) =>
  (await fx.calls())
    .slice(since)
    .filter((c) => c.mutating)
    .map((c) => `${c.method} ${c.resource ?? ""}`);

/** Runs a verdict: counted, and failing the test when it fails. */
export async function verdict(category: string, id: string, check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
    record.pass(category, id);
  } catch (error) {
    record.fail(category, id);
    throw error;
  }
}

/**
 * Prints the figures of the calling file's categories after its tests. Returns where the tests
 * put each failure's first line, printed too with RUNWAY_RELIABILITY_VERBOSE=1.
 */
export function useTally(categories: string[]): string[] {
  const messages: string[] = [];
  afterAll(() => {
    for (const category of categories) {
      const { run, passed, failed } = record.summary(category);
      if (run) console.log(`[reliability] ${category}: ${passed}/${run} passed`);
      if (failed.length) console.log(`  failed: ${failed.join("; ")}`);
    }
    if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(messages.join("\n"));
  });
  return messages;
}
