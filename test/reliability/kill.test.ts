// The heavier sweep, behind RUNWAY_RELIABILITY_FULL=1 (run before each release): the bundled
// deploy action is SIGKILLed after its Nth API call, for every N of a clean run, then run again
// in-process over the same transport; the invariants must hold (see kill-helpers.ts for how the
// kill is placed). Both transports: the gRPC figures are `kill`, the REST ones `kill/rest`.
import { afterAll, describe, expect, it } from "vitest";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import type { Transport } from "../../src/gcp/clients.js";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, type SweepResult, startBundled, sweepKills } from "./kill-helpers.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();

afterAll(() => {
  if (FULL) printTallies(["kill"]);
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

type Sweep = SweepResult & { windowHits: number };

async function runSweep(transport: Transport): Promise<Sweep> {
  let windowHits = 0;
  const result = await sweepKills(
    fx,
    "kill",
    {
      // qa with its canary wait cut to 1 s: the spawned action runs on the real clock.
      setup: async (t) => {
        const root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
        await deployTo(fx.clients[t], root, "qa", 1);
        return root;
      },
      start: (root, t) =>
        startBundled(
          fx,
          "deploy",
          { environment: "qa", image: digest(2), commit: sha(2), "config-dir": "environments", "github-token": "" },
          root,
          { transport: t },
        ),
      observe: async () => {
        if (await inWindow()) windowHits++;
      },
      verdicts: [
        [
          "",
          async (root, t) => {
            await deployTo(fx.clients[t], root, "qa", 2);
            await checkInvariants(fx, "qa", { root, rerun: () => deployTo(fx.clients[t], root, "qa", 2) });
          },
        ],
      ],
    },
    record,
    transport,
  );
  return { ...result, windowHits };
}

const sweeps = new Map<Transport, Promise<Sweep>>();
const sweep = (transport: Transport) =>
  sweeps.get(transport) ?? (sweeps.set(transport, runSweep(transport)).get(transport) as Promise<Sweep>);

describe.skipIf(!FULL).each(KILL_TRANSPORTS)("SIGKILL between API calls over %s (RUNWAY_RELIABILITY_FULL=1)", (transport) => {
  it("converges after the deploy action is killed after any call", { timeout: 900_000 }, async () => {
    const { problems, killed, points } = await sweep(transport);
    expect(problems).toEqual([]);
    // ±1 call: the last kill point can, on a loaded machine, find the action already finished.
    expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - 1);
  });
  it("hits the window between traffic 100% and record release", { timeout: 900_000 }, async () => {
    expect((await sweep(transport)).windowHits).toBeGreaterThan(0);
  });
});
