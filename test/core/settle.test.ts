// A deploy or a preview plans from the service only once Cloud Run has settled it: while a change
// is reconciling, traffic_statuses and latest_ready_revision are transient (service.proto), and a
// plan made from them could write back the traffic that change replaces.
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { previewDeploy } from "../../src/core/preview.js";
import { systemClock } from "../../src/shared/runtime.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { withImage } from "../helpers/run.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;

/** Someone else's change, left rolling out: a new revision whose container takes a while to start. */
async function changeInFlight(transport: (typeof TRANSPORTS)[number]) {
  const services = fx.clients[transport].services;
  await fx.control("/_emulator/images", { image: "slow:1", startupMs: 700 });
  const [current] = await services.getService({ name: NAME });
  const [op] = await services.updateService({ service: withImage("slow:1")(current) });
  const [during] = await services.getService({ name: NAME });
  expect(during.reconciling).toBe(true);
  return op;
}

describe.each(TRANSPORTS)("planning waits for a reconciling service to settle (%s)", (transport) => {
  it("a deploy waits for the change in flight, then plans from the settled service", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const op = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    const d = deps(fx.clients[transport], { clock: systemClock });
    const result = await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: true }, d);
    expect(result.outcome).toBe("dry-run");
    expect(d.logger.lines).toContainEqual(expect.stringMatching(/Cloud Run is reconciling a change to .*web; waiting for it to settle/));
    // It read the service again until the change had settled, and only then planned: by the time
    // it returns, the operation of the change in flight is done.
    const reads = (await fx.calls()).slice(before).filter((c) => c.method.endsWith("/GetService"));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const [settled] = await fx.clients[transport].services.getService({ name: NAME });
    expect(settled.reconciling).toBe(false);
    await op.promise();
  });

  it("a deploy that would wait too long refuses, naming the service, and writes nothing", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const op = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    // The test clock passes the two minutes of waiting at once, while the change is still starting.
    const failure = deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: false }, deps(fx.clients[transport]));
    await expect(failure).rejects.toThrow(/web is still reconciling a change after 120 s .*; deploy once it has finished/);
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    await op.promise();
  });

  it("a preview refuses the same way rather than tag a transient traffic list", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const op = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    const preview = previewDeploy({ target: target(), pr: 7, image: digest(3), commit: sha(3) }, deps(fx.clients[transport]));
    await expect(preview).rejects.toThrow(/still reconciling a change after 120 s .*; preview once it has finished/);
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    await op.promise();
  });
});
