// Shared by the SIGKILL sweeps: start a bundled action as the runner does, and kill it after its
// Nth API call. Every call is slowed with a delayMs fault, so the kill lands inside the window
// after call N (±1 call: the log is polled, not hooked).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";
import type { EmulatorFixture } from "../helpers/emulator.js";
import { withDefaults } from "./action-inputs.js";

const DELAY_MS = 300;

export function startBundled(fx: EmulatorFixture, name: string, inputs: Record<string, string>, root: string): ChildProcess {
  const env = Object.fromEntries(Object.entries(withDefaults(name, inputs)).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  return spawn(process.execPath, [join(process.cwd(), "dist", name, "index.js")], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_WORKSPACE: root, RUNWAY_EMULATOR_HOST: fx.emu.grpc, ...env },
    stdio: "ignore",
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

/** Starts the action with every method slowed, SIGKILLs it once n calls are logged, clears the faults. */
export async function killAfter(fx: EmulatorFixture, methods: string[], before: number, n: number, start: () => ChildProcess): Promise<ChildProcess> {
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
  setup(): Promise<string>;
  start(root: string): ChildProcess;
  /** Checked in order after each kill, each counted on its own (`category` for "", else `category/name`); throw to fail. */
  verdicts: [name: string, check: (root: string) => Promise<void>][];
}

export interface SweepResult {
  problems: string[];
  /** Runs ended by SIGKILL rather than by finishing (the last point may find the action done). */
  killed: number;
  points: number;
  calls: string[];
}

/** A clean run first (it must succeed) counts the calls; then one killed run per call boundary. */
export async function sweepKills(fx: EmulatorFixture, category: string, sweep: KillSweep, record: { pass(c: string, id: string): void; fail(c: string, id: string): void }): Promise<SweepResult> {
  await fx.emu.reset();
  const cleanRoot = await sweep.setup();
  const before = (await fx.calls()).length;
  const child = sweep.start(cleanRoot);
  await exited(child);
  expect(child.exitCode, `a clean run of ${category}`).toBe(0);
  const calls = (await fx.calls()).slice(before).map((c) => c.method);
  const methods = [...new Set(calls)];
  const problems: string[] = [];
  let killed = 0;
  for (let n = 1; n < calls.length; n++) {
    await fx.emu.reset();
    const root = await sweep.setup();
    const victim = await killAfter(fx, methods, (await fx.calls()).length, n, () => sweep.start(root));
    if (victim.signalCode === "SIGKILL") killed++;
    if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(`${category} n=${n}: exit ${victim.exitCode ?? victim.signalCode}, ${(await fx.calls()).length} calls`);
    const id = `killed after call ${n} (${calls[n - 1]?.split("/").pop()})`;
    for (const [name, check] of sweep.verdicts) {
      const bucket = name ? `${category}/${name}` : category;
      try {
        await check(root);
        record.pass(bucket, id);
      } catch (e) {
        record.fail(bucket, id);
        problems.push(`${bucket} ${id}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  }
  return { problems, killed, points: calls.length - 1, calls };
}
