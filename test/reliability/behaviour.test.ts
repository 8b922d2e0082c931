// Faults in what the release does rather than in the API: a revision that never becomes Ready,
// and a release whose checks start failing at each checkpoint of its rollout (the smoke check,
// then each traffic step). After each: the error names the step, traffic is back on the healthy
// revision, the invariants hold, and the next good release deploys and converges.
import { afterAll, describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { workspace } from "../helpers/commands.js";
import { digest } from "../helpers/deploy.js";
import { TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const fx = useEmulator();

/** An image whose server answers 200 to `healthy` requests, then 503: a release that degrades. */
const degrading = (healthy: number) => ["node", "-e", `let n=0;require('http').createServer((q,s)=>{s.statusCode=++n>${healthy}?503:200;s.end('n='+n)}).listen(process.env.PORT,'127.0.0.1')`];

// Checkpoints per environment (smoke checks, then one per traffic step) and checks per checkpoint.
const ROLLOUTS = [
  { env: "dev", checks: 1, steps: ["smoke checks", "traffic 100%"] },
  { env: "qa", checks: 2, steps: ["smoke checks", "traffic 50%", "traffic 100%"] },
];

type Scenario = { title: string; image: Record<string, unknown>; step: string };
const scenarios = (checks: number, steps: string[]): Scenario[] => [
  { title: "a revision that never becomes Ready", image: { ready: false }, step: "create revision" },
  ...steps.map((step, k) => ({ title: `checks failing from ${step}`, image: { command: degrading(k * checks) }, step })),
];

afterAll(() => {
  const { run, passed } = record.summary("behaviour");
  console.log(`[reliability] behaviour: ${passed}/${run} passed`);
});

async function scenario(transport: Transport, env: string, s: Scenario) {
  const clients = fx.clients[transport];
  const root = workspace();
  await deployTo(clients, root, env, 1);
  await fx.control("/_emulator/images", { image: digest(2), ...s.image });
  const error = await deployTo(clients, root, env, 2).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message, "the broken release must fail").toContain(`failed at ${s.step}:`);
  await checkInvariants(fx, env, { root });
  await deployTo(clients, root, env, 3);
  await checkInvariants(fx, env, { root, rerun: () => deployTo(clients, root, env, 3) });
}

describe.each(TRANSPORTS)("release faults over %s", (transport) => {
  for (const { env, checks, steps } of ROLLOUTS) {
    it.each(scenarios(checks, steps).map((s) => [s.title, s] as const))(`deploy ${env}: %s`, async (title, s) => {
      const id = `${transport} ${env} ${title}`;
      try {
        await scenario(transport, env, s);
        record.pass("behaviour", id);
      } catch (e) {
        record.fail("behaviour", id);
        throw e;
      }
    });
  }
});
