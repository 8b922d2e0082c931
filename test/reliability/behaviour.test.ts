// Faults in what the release does rather than in the API: a revision that never becomes Ready,
// and a release whose checks start failing at each checkpoint of its rollout (the smoke check,
// then each traffic step), for a deploy and for a promotion. After each: the error names the
// step, traffic is back on the healthy revision, the invariants hold, and the next good release
// deploys (or is promoted) and converges.
import { afterAll, describe, expect, it } from "vitest";
import type { Transport } from "../../src/gcp/clients.js";
import { previewCommand } from "../../src/commands/preview.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { servedTraffic } from "../../src/core/traffic.js";
import type { GcpClients } from "../../src/gcp/clients.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { checkInvariants } from "./invariants.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";

const fx = useEmulator();

/** An image whose server answers 200 to `healthy` requests, then 503: a release that degrades. */
const degrading = (healthy: number) => [
  "node",
  "-e",
  `let n=0;require('http').createServer((q,s)=>{s.statusCode=++n>${healthy}?503:200;s.end('n='+n)}).listen(process.env.PORT,'127.0.0.1')`,
];

// Checkpoints per environment (smoke checks, then one per traffic step) and checks per checkpoint.
const ROLLOUTS = [
  { op: "deploy", env: "dev", checks: 1, steps: ["smoke checks", "traffic 100%"] },
  { op: "deploy", env: "qa", checks: 2, steps: ["smoke checks", "traffic 50%", "traffic 100%"] },
  { op: "promote", env: "qa", checks: 2, steps: ["smoke checks", "traffic 50%", "traffic 100%"] },
] as const;

const promoteTo = (clients: GcpClients, root: string, to: string) =>
  promoteCommand({ to, dryRun: false, configDir: "environments", root }, commandContext(clients));

/**
 * The release `n` reaching `env`: deployed there, or deployed to dev and promoted. `breakIt`
 * runs once the release is in dev, so only the promoted revision meets the broken image.
 */
async function release(
  op: "deploy" | "promote",
  clients: GcpClients,
  root: string,
  env: string,
  n: number,
  breakIt: () => Promise<unknown> = async () => undefined,
) {
  if (op === "deploy") {
    await breakIt();
    return deployTo(clients, root, env, n);
  }
  await deployTo(clients, root, "dev", n);
  await breakIt();
  return promoteTo(clients, root, env);
}

type Scenario = { title: string; image: Record<string, unknown>; step: string };
const scenarios = (checks: number, steps: readonly string[]): Scenario[] => [
  { title: "a revision that never becomes Ready", image: { ready: false }, step: "create revision" },
  ...steps.map((step, k) => ({ title: `checks failing from ${step}`, image: { command: degrading(k * checks) }, step })),
];

afterAll(() => {
  const { run, passed } = record.summary("behaviour");
  console.log(`[reliability] behaviour: ${passed}/${run} passed`);
});

async function scenario(transport: Transport, op: "deploy" | "promote", env: string, s: Scenario) {
  const clients = fx.clients[transport];
  const root = workspace();
  await release(op, clients, root, env, 1);
  const error = await release(op, clients, root, env, 2, () => fx.control("/_emulator/images", { image: digest(2), ...s.image })).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message, "the broken release must fail").toContain(`failed at ${s.step}:`);
  await checkInvariants(fx, env, { root });
  await release(op, clients, root, env, 3);
  const rerun = () => (op === "deploy" ? deployTo(clients, root, env, 3) : promoteTo(clients, root, env));
  await checkInvariants(fx, env, { root, rerun, convergedRefusal: /already live/ });
}

describe.each(TRANSPORTS)("release faults over %s", (transport) => {
  for (const { op, env, checks, steps } of ROLLOUTS) {
    it.each(scenarios(checks, steps).map((s) => [s.title, s] as const))(`${op} ${env}: %s`, async (title, s) => {
      const id = `${transport} ${op} ${env} ${title}`;
      try {
        await scenario(transport, op, env, s);
        record.pass("behaviour", id);
      } catch (e) {
        record.fail("behaviour", id);
        throw e;
      }
    });
  }
});

// A preview whose revision never becomes Ready: the error names the step, dev's traffic and
// ledger are untouched, and the next good push of the pull request converges.
describe.each(TRANSPORTS)("preview release faults over %s", (transport) => {
  const preview = (clients: GcpClients, root: string, n: number) =>
    previewCommand(
      { action: "deploy", pr: "42", image: digest(n), commit: sha(n), fork: false, environment: "dev", configDir: "environments", root },
      commandContext(clients),
    );

  it("preview dev: a revision that never becomes Ready", async () => {
    const id = `${transport} preview dev a revision that never becomes Ready`;
    try {
      const clients = fx.clients[transport];
      const root = workspace();
      await deployTo(clients, root, "dev", 1);
      await fx.control("/_emulator/images", { image: digest(2), ready: false });
      const error = await preview(clients, root, 2).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message, "the broken preview must fail").toMatch(/^deploy preview: /);
      await checkInvariants(fx, "dev", { root });
      await preview(clients, root, 3);
      await checkInvariants(fx, "dev", { root, rerun: () => preview(clients, root, 3) });
      record.pass("behaviour", id);
    } catch (e) {
      record.fail("behaviour", id);
      throw e;
    }
  });
});

// A rollback whose target fails its checks after the shift: speed first, so the traffic stays
// on the target, and the failure is reported naming the checks; the state is consistent.
describe.each(TRANSPORTS)("rollback release faults over %s", (transport) => {
  it("rollback qa: checks failing after the shift", async () => {
    const id = `${transport} rollback qa checks failing after the shift`;
    try {
      const clients = fx.clients[transport];
      const root = workspace();
      await deployTo(clients, root, "qa", 1);
      await deployTo(clients, root, "qa", 2);
      await fx.control("/_emulator/images", { image: digest(1), status: 503 });
      const rollback = () =>
        rollbackCommand(
          { environment: "qa", force: false, migrateBack: false, dryRun: false, configDir: "environments", root },
          commandContext(clients),
        );
      const error = await rollback().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message, "the failing checks are reported").toMatch(
        /rolled qa back to web-qa-0000001-\w+, but checks fail after the shift/,
      );
      const [service] = await clients.services.getService({ name: `${PARENT}/services/web-qa` });
      expect(servedTraffic(service).find((e) => e.percent === 100)?.revision, "the traffic stays on the target").toMatch(
        /^web-qa-0000001-/,
      );
      await checkInvariants(fx, "qa", { root });
      record.pass("behaviour", id);
    } catch (e) {
      record.fail("behaviour", id);
      throw e;
    }
  });
});
