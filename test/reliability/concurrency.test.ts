// Eight rollouts of one environment at once, in one process so their API calls interleave at
// every await. Cloud Run's etag is the only lock: afterwards no write may be lost, one release
// serves everything, and every loser failed with a message a person can act on.
import { afterAll, describe, expect, it } from "vitest";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { readLedger } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web-qa`;
const N = 8;

type Settled = { ok: true; value: { outputs: Record<string, string>; json: unknown } } | { ok: false; error: Error & { cause?: Error } };
const settle = (p: Promise<{ outputs: Record<string, string>; json: unknown }>): Promise<Settled> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: Error & { cause?: Error }) => ({ ok: false as const, error }),
  );

/** A clear loss: the etag conflict named as such, or a refusal that says why. Anything else is a bug. */
function clearLoss(error: Error & { cause?: Error }): boolean {
  if (error.name === "RefusalError") return true;
  return /another rollout changed/.test(error.message) || /another rollout changed/.test(error.cause?.message ?? "");
}

async function afterRace(results: Settled[], root: string, label: string) {
  const calls = await fx.calls();
  const updates = calls.filter((c) => c.method.endsWith("Services/UpdateService"));
  // Only OK or ABORTED (etag mismatch): a write that neither won nor was refused for its etag
  // would mean an unconditional overwrite path.
  expect(new Set(updates.map((c) => c.code)), `${label}: UpdateService codes`).toEqual(
    new Set(updates.some((c) => c.code === "ABORTED") ? ["OK", "ABORTED"] : ["OK"]),
  );
  const [service] = await fx.clients.grpc.services.getService({ name: NAME });
  const ledger = readLedger(service);
  // No lost update: every run that reported success still has its line in the ledger, which is
  // one read-modify-write annotation — a write without an etag would have dropped a winner's line.
  for (const r of results)
    if (r.ok && r.value.outputs.revision)
      expect(ledger[r.value.outputs.revision], `${label}: ledger line for ${r.value.outputs.revision}`).toBeDefined();
  const live = servedTraffic(service).filter((e) => e.percent > 0);
  expect(live, `${label}: one release serves everything`).toHaveLength(1);
  for (const r of results) if (!r.ok) expect(clearLoss(r.error), `${label}: unclear loss: ${r.error.name}: ${r.error.message}`).toBe(true);
  await checkInvariants(fx, "qa", { root });
  // The race really happened: some write lost on its etag. Without this the test could pass vacuously.
  expect(
    updates.some((c) => c.code === "ABORTED"),
    `${label}: no write was refused for its etag`,
  ).toBe(true);
  return { winners: results.filter((r) => r.ok).length, aborted: updates.filter((c) => c.code === "ABORTED").length };
}

const counted = (label: string, body: () => Promise<void>) => async () => {
  try {
    await body();
    record.pass("concurrency", label);
  } catch (e) {
    record.fail("concurrency", label);
    throw e;
  }
};

afterAll(() => {
  const { run, passed } = record.summary("concurrency");
  console.log(`[reliability] concurrency: ${passed}/${run} passed`);
});

describe.each(TRANSPORTS)("8 concurrent rollouts of qa over %s", (transport) => {
  const clients = () => fx.clients[transport];

  it(
    "deploys of 8 different releases",
    counted(`${transport} different releases`, async () => {
      const root = workspace();
      await deployTo(clients(), root, "qa", 1);
      const results = await Promise.all(Array.from({ length: N }, (_, i) => settle(deployTo(clients(), root, "qa", 10 + i))));
      const { winners } = await afterRace(results, root, "different releases");
      expect(winners).toBeGreaterThanOrEqual(1);
    }),
  );

  it(
    "deploys of the same release",
    counted(`${transport} same release`, async () => {
      const root = workspace();
      await deployTo(clients(), root, "qa", 1);
      const results = await Promise.all(Array.from({ length: N }, () => settle(deployTo(clients(), root, "qa", 2))));
      await afterRace(results, root, "same release");
      // Whoever finished, the release is live once, on one revision.
      const [revisions] = await clients().revisions.listRevisions({ parent: NAME });
      expect(revisions).toHaveLength(2);
    }),
  );

  it(
    "rollbacks",
    counted(`${transport} rollbacks`, async () => {
      const root = workspace();
      const [first, , third] = [
        await deployTo(clients(), root, "qa", 1),
        await deployTo(clients(), root, "qa", 2),
        await deployTo(clients(), root, "qa", 3),
      ];
      const rollback = () =>
        rollbackCommand(
          { environment: "qa", force: false, migrateBack: false, dryRun: false, configDir: "environments", root },
          commandContext(clients()),
        );
      const results = await Promise.all(Array.from({ length: N }, () => settle(rollback())));
      await afterRace(results, root, "rollbacks");
      const [service] = await fx.clients.grpc.services.getService({ name: NAME });
      const live = servedTraffic(service).find((e) => e.percent === 100)?.revision;
      // Eight people pressing "roll back" at once mean one step back, not eight.
      expect(live).not.toBe(third.outputs.revision);
      expect(live === first.outputs.revision ? "stepped back twice" : "one step").toBe("one step");
    }),
  );
});
