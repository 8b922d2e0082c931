// The SIGKILL sweep (behind RUNWAY_RELIABILITY_FULL=1) for the bundled promote action: dev runs
// release 2, qa runs release 1, and the action promotes dev's release to qa; it is SIGKILLed
// after its Nth API call for every N of a clean run, the promotion is re-run in-process over the
// same transport (both: gRPC figures `kill-promote`, REST ones `kill-promote/rest`), and the
// invariants must hold, qa's batch job included (promote moves it to the promoted image).
import { afterAll, describe, expect, it } from "vitest";
import { promoteCommand } from "../../src/commands/promote.js";
import { ANNOTATION_LEDGER, readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import type { Transport } from "../../src/gcp/clients.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { KILL_TRANSPORTS, printTallies, startBundled, sweepKills } from "./kill-helpers.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const FULL = process.env.RUNWAY_RELIABILITY_FULL === "1";
const fx = useEmulator();
const ALREADY = /already live/;
const QA = `${PARENT}/services/web-qa`;

const promote = (root: string, transport: Transport = "grpc") =>
  promoteCommand({ to: "qa", dryRun: false, configDir: "environments", root }, commandContext(fx.clients[transport]));

const batchImage = async () => {
  const [job] = await fx.clients.grpc.jobs.getJob({ name: `${PARENT}/jobs/web-qa-clearsessions` });
  return job.template?.template?.containers?.[0]?.image;
};

const sweep = (transport: Transport) =>
  sweepKills(
    fx,
    "kill-promote",
    {
      // qa's canary wait is cut to 1 s: the spawned action runs on the real clock.
      setup: async (t) => {
        const root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
        await deployTo(fx.clients[t], root, "dev", 1);
        await promote(root, t);
        await deployTo(fx.clients[t], root, "dev", 2);
        return root;
      },
      start: (root, t) =>
        startBundled(fx, "promote", { environment: "qa", "config-dir": "environments", "github-token": "" }, root, { transport: t }),
      observe: async (_root, t) => {
        if (await inWindow()) windowHits.set(t, (windowHits.get(t) ?? 0) + 1);
      },
      verdicts: [
        [
          "",
          async (root, t) => {
            // The re-run finishes the promotion, or finds it already done.
            const again = await promote(root, t).then(
              () => undefined,
              (e: Error) => e,
            );
            if (again) expect(again.message, "re-run after the kill").toMatch(ALREADY);
            await checkInvariants(fx, "qa", { root, rerun: () => promote(root, t), convergedRefusal: ALREADY });
          },
        ],
        // Promote moves qa's batch job to the promoted image after the traffic: a kill in between
        // must not leave it on the old release once the re-run says "already live".
        ["batch", async () => expect(await batchImage(), "web-qa-clearsessions image").toBe(digest(2))],
      ],
    },
    record,
    transport,
  );

/** Killed between "traffic 100%" and "record release": the candidate serves all while "deploying". */
async function inWindow(): Promise<boolean> {
  const [service] = await fx.clients.grpc.services.getService({ name: QA });
  const full = servedTraffic(service).find((e) => e.percent === 100)?.revision;
  return full !== undefined && readLedger(service)[full]?.state === "deploying";
}

const windowHits = new Map<Transport, number>();

afterAll(() => {
  if (FULL) printTallies(["kill-promote", "kill-promote/batch"]);
});

describe.skipIf(!FULL).each(KILL_TRANSPORTS)(
  "SIGKILL between API calls of the promote action over %s (RUNWAY_RELIABILITY_FULL=1)",
  (transport) => {
    it("converges after the promote action is killed after any call", { timeout: 900_000 }, async () => {
      const { problems, killed, points, calls } = await sweep(transport);
      if (process.env.RUNWAY_RELIABILITY_VERBOSE === "1") console.log(calls.map((c) => c.split("/").pop()).join(" → "));
      expect(problems).toEqual([]);
      // ±1 call: the last kill point can, on a loaded machine, find the action already finished.
      expect(killed, "runs ended by SIGKILL").toBeGreaterThanOrEqual(points - 1);
      expect(windowHits.get(transport) ?? 0, "kills between traffic 100% and record release").toBeGreaterThan(0);
    });
  },
);

// The two windows above reached without a kill, so they run in CI. Before the fix (src/core/
// promote.ts) the re-run refused "already live" in both: the ledger kept "deploying" for the
// revision serving 100%, and the batch job stayed on the previous release's image.
describe("promote re-run after an interrupted promotion", () => {
  const setup = async () => {
    const root = workspace();
    await deployTo(fx.clients.grpc, root, "dev", 1);
    await promote(root);
    await deployTo(fx.clients.grpc, root, "dev", 2);
    return root;
  };
  it("resumes one that served 100% but was never recorded healthy", async () => {
    const root = await setup();
    await promote(root);
    // The state a kill before "record release" leaves: the ledger line back to "deploying".
    const [service] = await fx.clients.grpc.services.getService({ name: QA });
    const live = servedTraffic(service).find((e) => e.percent === 100)?.revision as string;
    const ledger = readLedger(service);
    const annotations = {
      ...service.annotations,
      [ANNOTATION_LEDGER]: JSON.stringify({ ...ledger, [live]: { ...ledger[live], state: "deploying" } }),
    };
    await (await fx.clients.grpc.services.updateService({ service: { ...service, annotations } }))[0].promise();
    const again = await promote(root);
    expect(again.outputs.revision).toBe(live);
    await checkInvariants(fx, "qa", { root, rerun: () => promote(root), convergedRefusal: ALREADY });
  });
  it("brings the batch job in line when its batch step failed", async () => {
    const root = await setup();
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Jobs/UpdateJob", code: "UNAVAILABLE", times: -1 });
    const failed = await promote(root).catch((e: Error) => e);
    await fx.control("/_emulator/faults", undefined, "DELETE");
    expect((failed as Error).message).toMatch(/batch jobs and schedules.*re-run/);
    expect(await batchImage()).toBe(digest(1));
    // The re-run the error asks for finishes the job and succeeds; only then is it "already live".
    expect((await promote(root)).outputs.revision).toBeTruthy();
    expect(await batchImage()).toBe(digest(2));
    await expect(promote(root)).rejects.toThrow(ALREADY);
  });
});
