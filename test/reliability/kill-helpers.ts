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
  await fx.control("/_emulator/faults", undefined, "DELETE");
  return victim;
}
