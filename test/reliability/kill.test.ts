// The heavier sweep, behind RUNWAY_RELIABILITY_FULL=1 (run before each release): the bundled
// deploy action is SIGKILLed after its Nth API call, for every N of a clean run, then run again
// in-process; the invariants must hold (see kill-helpers.ts for how the kill is placed).
import { afterAll, describe, expect, it } from "vitest";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { exited, killAfter, startBundled } from "./kill-helpers.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { PARENT } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();

const startDeploy = (root: string) =>
  startBundled(fx, "deploy", { environment: "qa", image: digest(2), commit: sha(2), "config-dir": "environments", "github-token": "" }, root);

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
 * Killed after "traffic 100%" but before "record release", the candidate serves 100% while the
 * ledger still says "deploying" (docs/reliability.md, finding 5, fixed): the sweep must hit that
 * window at least once, recognised by that state since the kill lands within ±1 call.
 */
async function inWindow(): Promise<boolean> {
  const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` });
  const full = servedTraffic(service).find((e) => e.percent === 100)?.revision;
  return full !== undefined && readLedger(service)[full]?.state === "deploying";
}

type Sweep = { problems: string[]; windowHits: number };
let sweep: Promise<Sweep> | undefined;

async function runSweep(): Promise<Sweep> {
  const clean = await setup();
  const child = startDeploy(clean.root);
  await exited(child);
  const calls = (await fx.calls()).slice(clean.before);
  expect(child.exitCode).toBe(0);
  const methods = [...new Set(calls.map((c) => c.method))];
  const problems: string[] = [];
  let windowHits = 0;
  for (let n = 1; n < calls.length; n++) {
    await fx.emu.reset();
    const { root, before } = await setup();
    await killAfter(fx, methods, before, n, () => startDeploy(root));
    const id = `killed after call ${n} (${calls[n - 1]?.method.split("/").pop()})`;
    if (await inWindow()) windowHits++;
    try {
      await deployTo(fx.clients.grpc, root, "qa", 2);
      await checkInvariants(fx, "qa", { root, rerun: () => deployTo(fx.clients.grpc, root, "qa", 2) });
      record.pass("kill", id);
    } catch (e) {
      record.fail("kill", id);
      problems.push(`${id}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return { problems, windowHits };
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
});
