import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { createClients } from "../../src/gcp/clients.js";
import { PARENT, rpcFailure, useEmulator } from "../helpers/emulator.js";
import { createService, shortName } from "../helpers/run.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();

describe("control routes", () => {
  it("injects a fault a given number of times, then lets calls through", async () => {
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", times: 2 });
    const name = `${PARENT}/services/web`;
    await createService(fx.clients.grpc.services, "web");
    const noRetry = { retry: { retryCodes: [] } } as never;
    for (let i = 0; i < 2; i++) expect((await rpcFailure(fx.clients.grpc.services.getService({ name }, noRetry))).code).toBe("UNAVAILABLE");
    const [svc] = await fx.clients.grpc.services.getService({ name }, noRetry);
    expect(svc.name).toBe(name);
  });

  it("lets the first `after` matching calls through, then faults the next ones", async () => {
    const name = `${PARENT}/services/web`;
    await createService(fx.clients.rest.services, "web");
    await createService(fx.clients.rest.services, "other");
    const noRetry = { retry: { retryCodes: [] } } as never;
    const fault = await fx.control("/_emulator/faults", {
      method: "google.cloud.run.v2.Services/GetService",
      code: "UNAVAILABLE",
      resource: name,
      after: 2,
      times: 1,
    });
    expect(fault).toEqual(expect.objectContaining({ after: 2, times: 1 }));
    // A call the fault does not match (another resource) does not count.
    await fx.clients.rest.services.getService({ name: `${PARENT}/services/other` }, noRetry);
    for (let i = 0; i < 2; i++) await fx.clients.rest.services.getService({ name }, noRetry);
    expect((await rpcFailure(fx.clients.rest.services.getService({ name }, noRetry))).code).toBe("UNAVAILABLE");
    await fx.clients.rest.services.getService({ name }, noRetry);
    // Persistent from the Nth call on, over gRPC: the second call and every one after it fail.
    await fx.control("/_emulator/faults", {
      method: "google.cloud.run.v2.Services/GetService",
      code: "DEADLINE_EXCEEDED",
      after: 1,
      times: -1,
    });
    await fx.clients.grpc.services.getService({ name }, noRetry);
    for (let i = 0; i < 3; i++)
      expect((await rpcFailure(fx.clients.grpc.services.getService({ name }, noRetry))).code).toBe("DEADLINE_EXCEEDED");
    // after: 0 is the default, the first matching call.
    await fx.control("/_emulator/faults", undefined, "DELETE");
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", after: 0 });
    expect((await rpcFailure(fx.clients.grpc.services.getService({ name }, noRetry))).code).toBe("UNAVAILABLE");
  });

  it("scopes a fault to a resource, delays calls, and can fail every call until cleared", async () => {
    await createService(fx.clients.rest.services, "a");
    await createService(fx.clients.rest.services, "b");
    await fx.control("/_emulator/faults", {
      method: "google.cloud.run.v2.Services.GetService",
      code: "DEADLINE_EXCEEDED",
      resource: `${PARENT}/services/a`,
      times: -1,
    });
    const noRetry = { retry: { retryCodes: [] } } as never;
    for (let i = 0; i < 3; i++)
      expect((await rpcFailure(fx.clients.rest.services.getService({ name: `${PARENT}/services/a` }, noRetry))).code).toBe(
        "DEADLINE_EXCEEDED",
      );
    await fx.clients.rest.services.getService({ name: `${PARENT}/services/b` });
    await fx.control("/_emulator/faults", undefined, "DELETE");
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", delayMs: 120 });
    const started = Date.now();
    await fx.clients.rest.services.getService({ name: `${PARENT}/services/a` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("holds a call unanswered until the faults are cleared, while other calls go through", async () => {
    await createService(fx.clients.grpc.services, "a");
    await fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", hold: true });
    let answered = false;
    const held = fx.clients.grpc.services.getService({ name: `${PARENT}/services/a` }).then(() => (answered = true));
    await expect.poll(async () => (await fx.calls()).some((c) => c.method.endsWith("/GetService")), { interval: 5 }).toBe(true);
    // The hold took its one use: the next GetService, and any other call, is answered meanwhile.
    await fx.clients.rest.services.getService({ name: `${PARENT}/services/a` });
    await fx.clients.grpc.services.listServices({ parent: PARENT });
    expect(answered).toBe(false);
    await fx.control("/_emulator/faults", undefined, "DELETE");
    await held;
    expect(answered).toBe(true);
  });

  it("rejects a malformed fault or image, naming the field", async () => {
    await expect(fx.control("/_emulator/faults", { method: "nope.Service/Do", code: "UNAVAILABLE" })).rejects.toThrow(/method/);
    await expect(fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", code: "SOMETIMES" })).rejects.toThrow(
      /code/,
    );
    for (const after of [-1, 1.5, "2", null, true]) {
      const rejected = fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", code: "UNAVAILABLE", after });
      await expect(rejected, `after: ${JSON.stringify(after)}`).rejects.toThrow(/400 .*INVALID_ARGUMENT.*after: a non-negative integer/);
    }
    await expect(fx.control("/_emulator/faults", { method: "google.cloud.run.v2.Services/GetService", hold: "yes" })).rejects.toThrow(
      /hold: true, or leave it out/,
    );
    expect(((await fx.control("/_emulator/faults")) as { faults: unknown[] }).faults, "a rejected fault is not added").toEqual([]);
    await expect(fx.control("/_emulator/images", { image: "x", command: "not-a-list" })).rejects.toThrow(/command/);
    await expect(fx.control("/_emulator/images", { status: 200 })).rejects.toThrow(/image/);
  });

  it("logs each call with its method, resource, transport, whether it mutated and its result", async () => {
    await createService(fx.clients.grpc.services, "web");
    await rpcFailure(fx.clients.rest.services.getService({ name: `${PARENT}/services/nope` }));
    const calls = await fx.calls();
    expect(calls[0]).toEqual(
      expect.objectContaining({
        method: "google.cloud.run.v2.Services/CreateService",
        resource: PARENT,
        mutating: true,
        transport: "grpc",
        code: "OK",
      }),
    );
    expect(calls.at(-1)).toEqual(
      expect.objectContaining({
        method: "google.cloud.run.v2.Services/GetService",
        resource: `${PARENT}/services/nope`,
        mutating: false,
        transport: "rest",
        code: "NOT_FOUND",
      }),
    );
    expect(typeof (calls[0] as unknown as { time: string }).time).toBe("string");
  });

  it("resets everything", async () => {
    await createService(fx.clients.grpc.services, "web");
    await fx.control("/_emulator/reset", {});
    expect((await rpcFailure(fx.clients.grpc.services.getService({ name: `${PARENT}/services/web` }))).code).toBe("NOT_FOUND");
    expect(await fx.calls()).toHaveLength(1);
  });
});

describe("state file", () => {
  it("saves state on stop and loads it on the next start", async () => {
    const statePath = join(tempDir("runway-state-"), "state.json");
    const first = await startEmulator({ statePath });
    const clients = createClients({ emulatorHost: first.grpc });
    const svc = await createService(clients.services, "web");
    await clients.close();
    await first.stop();
    expect(JSON.parse(readFileSync(statePath, "utf8")).services).toHaveProperty([`${PARENT}/services/web`]);
    const second = await startEmulator({ statePath });
    const again = createClients({ emulatorHost: second.grpc, transport: "grpc" });
    const [loaded] = await again.services.getService({ name: svc.name });
    expect(shortName(loaded.latestReadyRevision)).toBe(shortName(svc.latestReadyRevision));
    expect(loaded.uri?.startsWith(second.http)).toBe(true);
    expect((await fetch(loaded.uri as string)).status).toBe(200);
    await again.close();
    await second.stop();
  });
});
