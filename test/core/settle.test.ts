// A deploy or a preview plans from the service only once Cloud Run has settled it: while a change
// is reconciling, traffic_statuses and latest_ready_revision are transient (service.proto), and a
// plan made from them could write back the traffic that change replaces.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { previewDeploy } from "../../src/core/preview.js";
import { systemClock } from "../../src/shared/runtime.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { withImage } from "../helpers/run.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;

// The container listens only once its gate file exists: the change stays in flight until the
// test opens the gate, whatever the machine's speed (no test here depends on timing).
const GATED = `const fs=require("fs");const go=()=>fs.existsSync(process.env.GATE)?require("http").createServer((q,s)=>s.end("ok")).listen(process.env.PORT,"127.0.0.1"):setTimeout(go,20);go();`;

/** Someone else's change, left rolling out until `open()`: a new revision that is not listening yet. */
async function changeInFlight(transport: (typeof TRANSPORTS)[number]) {
  const services = fx.clients[transport].services;
  const gate = join(tempDir("settle-gate-"), "open");
  await fx.control("/_emulator/images", { image: "gated:1", command: ["node", "-e", GATED], env: { GATE: gate } });
  const [current] = await services.getService({ name: NAME });
  const [op] = await services.updateService({ service: withImage("gated:1")(current) });
  const [during] = await services.getService({ name: NAME });
  expect(during.reconciling).toBe(true);
  return { op, open: () => writeFileSync(gate, "") };
}

describe.each(TRANSPORTS)("planning waits for a reconciling service to settle (%s)", (transport) => {
  it("a deploy waits for the change in flight, then plans from the settled service", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const change = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    const d = deps(fx.clients[transport], { clock: systemClock });
    // Opened while the deploy polls: it must wait for the change, however long that takes.
    setTimeout(change.open, 500);
    const result = await deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: true }, d);
    expect(result.outcome).toBe("dry-run");
    expect(d.logger.lines).toContainEqual(expect.stringMatching(/Cloud Run is reconciling a change to .*web; waiting for it to settle/));
    // It read the service again until the change had settled, and only then planned: by the time
    // it returns, the operation of the change in flight is done.
    const reads = (await fx.calls()).slice(before).filter((c) => c.method.endsWith("/GetService"));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const [settled] = await fx.clients[transport].services.getService({ name: NAME });
    expect(settled.reconciling).toBe(false);
    await change.op.promise();
  });

  it("a deploy that would wait too long refuses, naming the service, and writes nothing", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const change = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    // The test clock passes the two minutes of waiting at once; the change stays in flight.
    const failure = deploy({ target: target(), image: digest(2), commit: sha(2), dryRun: false }, deps(fx.clients[transport]));
    await expect(failure).rejects.toThrow(/web is still reconciling a change after 120 s .*; deploy once it has finished/);
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    change.open();
    await change.op.promise();
  });

  it("a preview refuses the same way rather than tag a transient traffic list", async () => {
    await deploy({ target: target(), image: digest(1), commit: sha(1), dryRun: false }, deps(fx.clients[transport]));
    const change = await changeInFlight(transport);
    const before = (await fx.calls()).length;
    const preview = previewDeploy({ target: target(), pr: 7, image: digest(3), commit: sha(3) }, deps(fx.clients[transport]));
    await expect(preview).rejects.toThrow(/still reconciling a change after 120 s .*; preview once it has finished/);
    expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    change.open();
    await change.op.promise();
  });
});
