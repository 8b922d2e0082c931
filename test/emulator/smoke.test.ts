import { describe, expect, it } from "vitest";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

describe.each(TRANSPORTS)("smoke over %s", (transport) => {
  it("creates a service and reads it back", async () => {
    const run = fx.clients[transport].services;
    const [op] = await run.createService({ parent: PARENT, serviceId: "web", service: { template: { containers: [{ image: "img:1" }] } } });
    const [created] = await op.promise();
    const [read] = await run.getService({ name: created.name });
    expect(read.latestReadyRevision).toBe(created.latestReadyRevision);
  });
});
