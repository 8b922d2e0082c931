// The heavier sweep, behind RUNWAY_RELIABILITY_FULL=1 (run before each release): the bundled
// deploy action is SIGKILLed after its Nth API call, for every N of a clean run, then run again
// in-process; the invariants must hold. Every call is slowed with a delayMs fault so that the
// kill lands inside the window after call N (±1 call: the log is polled, not hooked).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { withDefaults } from "./action-inputs.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { PARENT } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const DELAY_MS = 300;

function startDeploy(root: string): ChildProcess {
  const inputs = withDefaults("deploy", {
    environment: "qa",
    image: digest(2),
    commit: sha(2),
    "config-dir": "environments",
    "github-token": "",
  });
  const env = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  return spawn(process.execPath, [join(process.cwd(), "dist", "deploy", "index.js")], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_WORKSPACE: root, RUNWAY_EMULATOR_HOST: fx.emu.grpc, ...env },
    stdio: "ignore",
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

/** qa with its canary wait cut to 1 s: the spawned action runs on the real clock. */
async function setup() {
  const root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
  await deployTo(fx.clients.grpc, root, "qa", 1);
  return { root, before: (await fx.calls()).length };
}

afterAll(() => {
  if (!FULL) return;
  const { run, passed } = record.summary("kill");
  console.log(`[reliability] kill: ${passed}/${run} passed`);
});

/**
 * BUG (docs/reliability.md #5): killed after "traffic 100%" but before "record release", the
 * candidate serves 100% while the ledger still says "deploying"; the first re-run then fails at
 * "traffic 50%" (INVALID_ARGUMENT, percentages add up to 50; a second re-run completes). Such runs are
 * recognised by that state, not by N (the kill lands within ±1 call), and kept apart.
 */
async function inBugWindow(): Promise<boolean> {
  const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
  const full = servedTraffic(service).find((e) => e.percent === 100)?.revision;
  return full !== undefined && readLedger(service)[full]?.state === "deploying";
}

type Sweep = { problems: string[]; known: string[]; windowHits: number };
let sweep: Promise<Sweep> | undefined;

async function runSweep(): Promise<Sweep> {
  const clean = await setup();
  const child = startDeploy(clean.root);
  await exited(child);
  const calls = (await fx.calls()).slice(clean.before);
  expect(child.exitCode).toBe(0);
  const methods = [...new Set(calls.map((c) => c.method))];
  const problems: string[] = [];
  const known: string[] = [];
  let windowHits = 0;
  for (let n = 1; n < calls.length; n++) {
    await fx.emu.reset();
    const { root, before } = await setup();
    for (const method of methods) await fx.control("/_emulator/faults", { method, delayMs: DELAY_MS, times: -1 });
    const victim = startDeploy(root);
    await expect
      .poll(async () => (await fx.calls()).length - before >= n || victim.exitCode !== null, { timeout: 60_000, interval: 20 })
      .toBe(true);
    victim.kill("SIGKILL");
    await exited(victim);
    await fx.control("/_emulator/faults", undefined, "DELETE");
    const id = `killed after call ${n} (${calls[n - 1]?.method.split("/").pop()})`;
    const inWindow = await inBugWindow();
    if (inWindow) windowHits++;
    const bucket = inWindow ? known : problems;
    try {
      await deployTo(fx.clients.grpc, root, "qa", 2);
      await checkInvariants(fx, "qa", { root, rerun: () => deployTo(fx.clients.grpc, root, "qa", 2) });
      record.pass("kill", id);
    } catch (e) {
      record.fail("kill", id);
      bucket.push(`${id}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return { problems, known, windowHits };
}

describe.skipIf(!FULL)("SIGKILL between API calls (RUNWAY_RELIABILITY_FULL=1)", () => {
  it("converges after the deploy action is killed after any call", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    expect((await sweep).problems).toEqual([]);
  });
  it("hits the window between traffic 100% and record release", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    expect((await sweep).windowHits).toBeGreaterThan(0);
  });
  it("converges when killed between traffic 100% and record release", { timeout: 600_000 }, async () => {
    sweep ??= runSweep();
    expect((await sweep).known).toEqual([]);
  });
});
