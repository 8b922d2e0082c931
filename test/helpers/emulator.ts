import { TasksClient } from "@google-cloud/run/build/src/v2/tasks_client.js";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { createClients, emulatorOptions, type GcpClients, type Transport } from "../../src/gcp/clients.js";
import { rpcCode, rpcMessage } from "../../src/gcp/errors.js";

export const PARENT = "projects/demo-project/locations/asia-northeast3";
export const TRANSPORTS: Transport[] = ["grpc", "rest"];

export interface EmulatorFixture {
  emu: Emulator;
  clients: Record<Transport, GcpClients>;
  /** The official TasksClient (Runway itself never reads tasks, so GcpClients has none). */
  tasks: Record<Transport, TasksClient>;
  /** POST a JSON body to a control route of the emulator. */
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  /** Calls logged since the last reset. */
  calls(): Promise<{ method: string; resource?: string; mutating: boolean; code: string; transport: string }[]>;
}

/**
 * One emulator per test file, reset before each test, with official clients for both
 * transports. The clients are never mocked: they speak gRPC or HTTP/JSON to the emulator.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  let closeTasks = async () => undefined;
  beforeAll(async () => {
    fixture.emu = await startEmulator(options);
    fixture.clients = {
      grpc: createClients({ emulatorHost: fixture.emu.grpc, transport: "grpc" }),
      rest: createClients({ emulatorHost: fixture.emu.http, transport: "rest" }),
    };
    // Built on first use, like the other clients: most test files never read tasks.
    const made: Partial<Record<Transport, TasksClient>> = {};
    const tasks = (transport: Transport) => {
      made[transport] ??= new TasksClient(emulatorOptions(transport === "grpc" ? fixture.emu.grpc : fixture.emu.http, transport));
      return made[transport];
    };
    fixture.tasks = {
      get grpc() {
        return tasks("grpc");
      },
      get rest() {
        return tasks("rest");
      },
    };
    closeTasks = () => Promise.all(Object.values(made).map((c) => c.close())).then(() => undefined);
    fixture.control = async (path, body, method = body === undefined ? "GET" : "POST") => {
      const response = await fetch(`${fixture.emu.http}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    fixture.calls = async () => ((await fixture.control("/_emulator/calls")) as { calls: never[] }).calls;
  });
  beforeEach(async () => {
    await fixture.emu.reset();
  });
  afterAll(async () => {
    await Promise.all([...Object.values(fixture.clients ?? {}).map((c) => c.close()), closeTasks()]);
    await fixture.emu?.stop();
  });
  return fixture;
}

/** Runs an official-client call expected to fail and returns its google.rpc code name and message. */
export async function rpcFailure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    return { code: rpcCode(error), message: rpcMessage(error) };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
