import { grpc } from "google-gax";
import { describe, expect, it } from "vitest";
import { encode, decode, messageType } from "../../src/emulator/proto.js";
import { PARENT, rpcFailure, useEmulator } from "../helpers/emulator.js";
import { createService } from "../helpers/run.js";

const fx = useEmulator();

/** WaitOperation is not exposed by the official clients, so it is called at the wire level. */
function waitOperationGrpc(address: string, name: string, timeout: string): Promise<Record<string, unknown>> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const request = messageType("google.longrunning.WaitOperationRequest");
  const operation = messageType("google.longrunning.Operation");
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      "/google.longrunning.Operations/WaitOperation",
      (value: Record<string, unknown>) => Buffer.from(encode(request, value as never)),
      (bytes: Buffer) => decode(operation, bytes),
      { name, timeout },
      (error, value) => {
        client.close();
        if (error) reject(error);
        else resolve(value as Record<string, unknown>);
      },
    );
  });
}

describe("long-running operations", () => {
  it("is returned not done while a revision starts, and can be waited on over gRPC and REST", async () => {
    await fx.control("/_emulator/images", { image: "slow:1", startupMs: 300 });
    const [op] = await fx.clients.grpc.services.createService({
      parent: PARENT,
      serviceId: "web",
      service: { template: { containers: [{ image: "slow:1" }] } },
    });
    expect(op.done).toBe(false);
    const early = await waitOperationGrpc(fx.emu.grpc, op.name as string, "0.05s");
    expect(early.done ?? false).toBe(false);
    const waited = await waitOperationGrpc(fx.emu.grpc, op.name as string, "5s");
    expect(waited.done).toBe(true);
    expect((waited.response as Record<string, string>)["@type"]).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    const rest = await fetch(`${fx.emu.http}/v2/${op.name}:wait`, { method: "POST", body: JSON.stringify({ timeout: "1s" }) });
    expect(((await rest.json()) as { done: boolean }).done).toBe(true);
  });

  it("gets an operation by name and returns NOT_FOUND for an unknown one", async () => {
    const svc = await createService(fx.clients.grpc.services, "web");
    const [ops] = (await fx.clients.rest.services.operationsClient.listOperations({ name: PARENT } as never)) as unknown as [
      { name: string }[],
    ];
    expect(ops.length).toBeGreaterThan(0);
    const [got] = await fx.clients.grpc.services.operationsClient.getOperation({ name: ops[0]?.name as string } as never);
    expect(got.done).toBe(true);
    expect(svc.name).toBeTruthy();
    const missing = await rpcFailure(
      fx.clients.grpc.services.operationsClient.getOperation({ name: `${PARENT}/operations/nope` } as never),
    );
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("fails an operation when a fault asks for it, leaving the call itself successful", async () => {
    await fx.control("/_emulator/faults", {
      method: "google.cloud.run.v2.Services/CreateService",
      failOperation: "INTERNAL",
      message: "backend exploded",
    });
    const [op] = await fx.clients.grpc.services.createService({
      parent: PARENT,
      serviceId: "web",
      service: { template: { containers: [{ image: "i" }] } },
    });
    const failure = await rpcFailure(op.promise());
    expect(failure.code).toBe("INTERNAL");
    expect(failure.message).toContain("backend exploded");
  });
});
