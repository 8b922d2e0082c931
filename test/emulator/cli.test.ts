import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createClients } from "../../src/gcp/clients.js";
import { PARENT } from "../helpers/emulator.js";
import { createService } from "../helpers/run.js";

/** Starts the bundled CLI exactly as a user would, and reads its one readiness line. */
async function startBundled(args: string[] = []) {
  const child = spawn(process.execPath, ["dist/runway/index.js", "emulator", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready: JSON.parse(first) as { grpc: string; http: string }, exited, lines };
}

describe("runway emulator (the bundled CLI)", () => {
  it("prints exactly one JSON line when ready, serves both transports, and exits cleanly on SIGTERM with its processes stopped", async () => {
    const { child, ready, exited, lines } = await startBundled();
    const extra: string[] = [];
    lines.on("line", (line) => extra.push(line));
    expect(ready.grpc).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ready.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fetch(`${ready.http}/_emulator/images`, {
      method: "POST",
      body: JSON.stringify({ image: "app", command: [process.execPath, "-e", "require('http').createServer((q,s)=>s.end(String(process.pid))).listen(process.env.PORT,'127.0.0.1')"] }),
    });
    const grpc = createClients({ emulatorHost: ready.grpc });
    const svc = await createService(grpc.services, "web", "app:1");
    const appPid = Number(await (await fetch(svc.uri as string)).text());
    const rest = createClients({ emulatorHost: ready.http, transport: "rest" });
    const [viaRest] = await rest.services.getService({ name: `${PARENT}/services/web` });
    expect(viaRest.latestReadyRevision).toBe(svc.latestReadyRevision);
    await Promise.all([grpc.close(), rest.close()]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(extra).toEqual([]);
    expect(() => process.kill(appPid, 0)).toThrow();
  });

  it("binds the ports it is given and refuses a bad one with a clear error", async () => {
    const bad = spawn(process.execPath, ["dist/runway/index.js", "emulator", "--grpc-port", "99999"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    bad.stderr.on("data", (d) => {
      stderr += d;
    });
    const code = await new Promise((resolve) => bad.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("--grpc-port");
  });
});
