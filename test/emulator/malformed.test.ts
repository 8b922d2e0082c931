// Every served method gets malformed requests over both transports: missing fields, wrong
// types, garbage bytes and huge strings. Each must be INVALID_ARGUMENT (or NOT_FOUND) naming
// the field, and the server must keep answering.
import { grpc } from "google-gax";
import { describe, expect, it } from "vitest";
import { Code } from "../../src/emulator/errors.js";
import type { MethodDef } from "../../src/emulator/registry.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
const ACCEPTED = [Code.INVALID_ARGUMENT, Code.NOT_FOUND];

function grpcCall(address: string, path: string, payload: Buffer): Promise<{ code: number; details: string }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      payload,
      (error) => {
        client.close();
        resolve({ code: error?.code ?? 0, details: error?.details ?? "" });
      },
    );
  });
}

/** The request field a method's URL binds first: name, parent, service.name, job.name… */
const resourceField = (def: MethodDef) => def.bindings[0]?.fields[0] ?? "name";

function encodeWith(def: MethodDef, field: string, value: string): Buffer {
  const [head, tail] = field.split(".") as [string, string?];
  const request = tail ? { [head]: { [tail]: value } } : { [head]: value };
  return Buffer.from(def.requestType.encode(def.requestType.fromObject(request)).finish());
}

const methods = () => [...fx.emu.registry.methods.values()];

describe("malformed requests to every method", () => {
  it("serves every method of the eight services", () => {
    const services = new Set(methods().map((m) => m.fullName.split("/")[0]));
    expect([...services].sort()).toEqual([
      "google.cloud.run.v2.Executions",
      "google.cloud.run.v2.Jobs",
      "google.cloud.run.v2.Revisions",
      "google.cloud.run.v2.Services",
      "google.cloud.run.v2.Tasks",
      "google.cloud.scheduler.v1.CloudScheduler",
      "google.longrunning.Operations",
      "google.monitoring.v3.MetricService",
    ]);
    expect(methods().length).toBeGreaterThanOrEqual(30);
  });

  it("gRPC: garbage bytes are INVALID_ARGUMENT", async () => {
    for (const def of methods()) {
      const result = await grpcCall(fx.emu.grpc, `/${def.fullName}`, Buffer.from([0x0f, 0xff, 0xff]));
      expect(result.code, def.fullName).toBe(Code.INVALID_ARGUMENT);
      expect(result.details, def.fullName).toContain("Malformed");
    }
  });

  it("gRPC: an empty request names the missing field", async () => {
    for (const def of methods()) {
      const result = await grpcCall(fx.emu.grpc, `/${def.fullName}`, Buffer.alloc(0));
      expect(ACCEPTED, `${def.fullName}: ${result.code} ${result.details}`).toContain(result.code);
      expect(result.details, def.fullName).toContain(resourceField(def).split(".")[0]);
    }
  });

  it("gRPC: a huge resource name is refused naming the field", async () => {
    const huge = `${PARENT}/${"x".repeat(1_000_000)}`;
    for (const def of methods()) {
      const result = await grpcCall(fx.emu.grpc, `/${def.fullName}`, encodeWith(def, resourceField(def), huge));
      expect(result.code, `${def.fullName}: ${result.details.slice(0, 200)}`).toBe(Code.INVALID_ARGUMENT);
      expect(result.details.length, def.fullName).toBeLessThan(2000);
      expect(result.details, def.fullName).toContain(resourceField(def));
    }
  });

  it("REST: wrong JSON types and garbage bodies are INVALID_ARGUMENT naming the field", async () => {
    for (const def of methods()) {
      const binding = def.bindings[0];
      if (!binding?.body) continue;
      const path = binding.template.replace(/\{([^}=]+)(=[^}]+)?\}/g, (_, _f, pattern: string | undefined) =>
        (pattern ?? "=*")
          .slice(1)
          .replace(/\*\*?/g, "x")
          .replace(/^projects\/x\/locations\/x/, PARENT.replace(/^/, "")),
      );
      const garbage = await fetch(`${fx.emu.http}${path}`, { method: binding.verb, body: "\u0000{garbage" });
      const garbageJson = (await garbage.json()) as { error: { status: string } };
      expect(garbageJson.error.status, def.fullName).toBe("INVALID_ARGUMENT");
      const field =
        binding.body === "*"
          ? (def.requestType.fieldsArray.find((f) => f.type === "string" && !binding.fields.includes(f.name))?.name ?? "etag")
          : binding.body;
      const body = binding.body === "*" ? { [field]: { nested: true } } : [1, 2, 3];
      const typed = await fetch(`${fx.emu.http}${path}`, { method: binding.verb, body: JSON.stringify(body) });
      const typedJson = (await typed.json()) as { error: { status: string; message: string } };
      expect(typedJson.error.status, def.fullName).toBe("INVALID_ARGUMENT");
      expect(typedJson.error.message, def.fullName).toContain(field);
    }
  });

  it("keeps answering afterwards", async () => {
    const [op] = await fx.clients.grpc.services.createService({
      parent: PARENT,
      serviceId: "still-up",
      service: { template: { containers: [{ image: "i" }] } },
    });
    const [svc] = await op.promise();
    expect(svc.name).toBe(`${PARENT}/services/still-up`);
  });
});
