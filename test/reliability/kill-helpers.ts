// Shared by the SIGKILL sweeps: start a bundled action as the runner does, and kill it after its
// Nth API call. Every call is slowed with a delayMs fault, so the kill lands inside the window
// after call N (±1 call: the log is polled, not hooked).
//
// Every sweep runs over both transports: the bundled action speaks gRPC when RUNWAY_EMULATOR_HOST
// is the emulator's gRPC address and REST when it is its http:// address (chooseTransport in
// src/gcp/clients.ts), and the sweep's in-process re-runs use the same transport. The gRPC
// figures keep their category names; the REST ones get a `/rest` suffix (categoryOf).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import type { EmulatorFixture } from "../helpers/emulator.js";
import { withDefaults } from "./action-inputs.js";
import { record as tally } from "./tally.js";

const DELAY_MS = 300;

/** The transports every sweep runs over, gRPC first. */
export const KILL_TRANSPORTS: Transport[] = ["grpc", "rest"];

/** The tally bucket of a sweep's figures: the gRPC one keeps its name, the REST one gets `/rest`. */
export const categoryOf = (category: string, transport: Transport) => (transport === "grpc" ? category : `${category}/rest`);

/** The afterAll line of each category, for both transports (gRPC first, as before). */
export function printTallies(categories: string[]): void {
  for (const transport of KILL_TRANSPORTS)
    for (const category of categories) {
      const bucket = categoryOf(category, transport);
      const { run, passed } = tally.summary(bucket);
      console.log(`[reliability] ${bucket}: ${passed}/${run} passed`);
    }
}

export interface StartOptions {
  /** How the action talks to the emulator (gRPC by default). */
  transport?: Transport;
  /** More environment for the action (the runner's, e.g. DATABASE_URL). */
  env?: Record<string, string>;
}

export function startBundled(
  fx: EmulatorFixture,
  name: string,
  inputs: Record<string, string>,
  root: string,
  options: StartOptions = {},
): ChildProcess {
  const env = Object.fromEntries(Object.entries(withDefaults(name, inputs)).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const host = options.transport === "rest" ? fx.emu.http : fx.emu.grpc;
  return spawn(process.execPath, [join(process.cwd(), "dist", name, "index.js")], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_WORKSPACE: root, RUNWAY_EMULATOR_HOST: host, ...options.env, ...env },
    stdio: "ignore",
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

/** Starts the action with every method slowed, SIGKILLs it once n calls are logged, clears the faults. */
export async function killAfter(
  fx: EmulatorFixture,
  methods: string[],
  before: number,
  n: number,
  start: () => ChildProcess,
): Promise<ChildProcess> {
  for (const method of methods) await fx.control("/_emulator/faults", { method, delayMs: DELAY_MS, times: -1 });
  const victim = start();
  await expect
    .poll(async () => (await fx.calls()).length - before >= n || victim.exitCode !== null, { timeout: 60_000, interval: 20 })
    .toBe(true);
  victim.kill("SIGKILL");
  await exited(victim);
  // Calls the victim sent before dying are still served (after their delay), as a real API
  // would; wait for them, so they neither race the re-run nor land on the next reset state.
  await new Promise((resolve) => setTimeout(resolve, DELAY_MS + 200));
  await fx.control("/_emulator/faults", undefined, "DELETE");
  return victim;
}

/** One sweep: a setup per kill point, the bundled action, and named verdicts checked after the kill. */
export interface KillSweep {
  /** Brings the freshly reset emulator to the starting point; returns the workspace. */
  setup(transport: Transport): Promise<string>;
  start(root: string, transport: Transport): ChildProcess;
  /** Looks at the state the kill left, before any verdict (counts windows hit, say); never fails a point. */
  observe?(root: string, transport: Transport): Promise<void>;
  /** Checked in order after each kill, each counted on its own (`category` for "", else `category/name`, `/rest` added over REST); throw to fail. */
  verdicts: [name: string, check: (root: string, transport: Transport) => Promise<void>][];
}

export interface SweepResult {
  problems: string[];
  /** Runs ended by SIGKILL rather than by finishing (the last point may find the action done). */
  killed: number;
  points: number;
  calls: string[];
}

type Recorder = { pass(c: string, id: string): void; fail(c: string, id: string): void };

/** A clean run first (it must succeed) counts the calls; then one killed run per call boundary. */
export async function sweepKills(
  fx: EmulatorFixture,
  category: string,
  sweep: KillSweep,
  record: Recorder,
  transport: Transport = "grpc",
): Promise<SweepResult> {
  await fx.emu.reset();
  const cleanRoot = await sweep.setup(transport);
  const before = (await fx.calls()).length;
  const child = sweep.start(cleanRoot, transport);
  await exited(child);
  expect(child.exitCode, `a clean run of ${category} over ${transport}`).toBe(0);
  const log = (await fx.calls()).slice(before);
  // The action spoke the transport it was meant to (an address it misread would fall back to gRPC).
  expect([...new Set(log.map((c) => c.transport))], `the transport of ${category}'s calls`).toEqual([transport]);
  const calls = log.map((c) => c.method);
  const methods = [...new Set(calls)];
  const problems: string[] = [];
  let killed = 0;
  for (let n = 1; n < calls.length; n++) {
    await fx.emu.reset();
    const root = await sweep.setup(transport);
    const victim = await killAfter(fx, methods, (await fx.calls()).length, n, () => sweep.start(root, transport));
    if (victim.signalCode === "SIGKILL") killed++;
    if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1")
      console.log(
        `${categoryOf(category, transport)} n=${n}: exit ${victim.exitCode ?? victim.signalCode}, ${(await fx.calls()).length} calls`,
      );
    const id = `killed after call ${n} (${calls[n - 1]?.split("/").pop()})`;
    await sweep.observe?.(root, transport);
    for (const [name, check] of sweep.verdicts) {
      const bucket = categoryOf(name ? `${category}/${name}` : category, transport);
      try {
        await check(root, transport);
        record.pass(bucket, id);
      } catch (e) {
        record.fail(bucket, id);
        problems.push(`${bucket} ${id}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  }
  return { problems, killed, points: calls.length - 1, calls };
}
