// Emulator benchmarks, through the official gRPC client against the bundled CLI in its own
// process (as users and tests run it), so client and server each get a core.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createClients } from "../../src/gcp/clients.js";
import type { Section } from "./report.js";

const PARENT = "projects/bench/locations/asia-northeast3";

async function startCli(): Promise<{ grpc: string; http: string; readyMs: number; stop: () => Promise<void> }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["dist/runway/index.js", "emulator"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once("line", resolve));
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    ...(JSON.parse(line) as { grpc: string; http: string }),
    readyMs,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function throughput(seconds: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await call();
        count++;
      }
    }),
  );
  return count / seconds;
}

export async function emulatorBench(): Promise<Section> {
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const emu = await startCli();
    starts.push(emu.readyMs);
    await emu.stop();
  }
  const emu = await startCli();
  const clients = createClients({ emulatorHost: emu.grpc });
  try {
    const [op] = await clients.services.createService({
      parent: PARENT,
      serviceId: "web",
      service: { template: { containers: [{ image: "img:0" }] } },
    });
    const [service] = await op.promise();
    const name = service.name as string;
    // Warm the JIT of both processes first; the client's per-call work dominates, so enough
    // calls are kept in flight for the server to stay busy.
    await throughput(2, 64, () => clients.services.getService({ name }));
    const gets = await throughput(5, 64, () => clients.services.getService({ name }));
    let version = 0;
    const updates = await throughput(5, 1, async () => {
      const [current] = await clients.services.getService({ name });
      const [update] = await clients.services.updateService({
        service: { ...current, template: { ...current.template, revision: "", containers: [{ image: `img:${++version}` }] } },
      });
      await update.promise();
    });
    return {
      title: "Emulator",
      intro:
        "The bundled `runway emulator` in its own process; the official `@google-cloud/run` gRPC client in the benchmark process. Start time is from spawning the process to its readiness line (median of 5).",
      rows: [
        ["emulator start to ready (median of 5)", `${median(starts).toFixed(0)} ms`, "< 1000 ms"],
        ["GetService calls per second (64 in flight, 5 s, after 2 s warm-up)", gets.toFixed(0), ">= 2000"],
        [
          "full UpdateService round trips per second (get, update, wait for the LRO; new revision each time; 5 s)",
          updates.toFixed(0),
          "reported",
        ],
      ],
    };
  } finally {
    await clients.close();
    await emu.stop();
  }
}
