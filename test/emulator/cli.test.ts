import { spawn } from "node:child_process";
import { runBundle } from "../helpers/process.js";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
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
      body: JSON.stringify({
        image: "app",
        command: [
          process.execPath,
          "-e",
          "require('http').createServer((q,s)=>s.end(String(process.pid))).listen(process.env.PORT,'127.0.0.1')",
        ],
      }),
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
    const { code, stderr } = await runBundle("dist/runway/index.js", ["emulator", "--grpc-port", "99999"], { timeoutMs: 10_000 });
    expect(code).toBe(2);
    expect(stderr).toContain("--grpc-port");
  });

  describe("refuses bad start-up input with one line naming it, exits non-zero and keeps no port", () => {
    /** Runs the bundled emulator expecting it to refuse; a hang fails the test instead of the suite. */
    async function refused(args: string[]) {
      const { code, stdout, stderr } = await runBundle("dist/runway/index.js", ["emulator", ...args], { timeoutMs: 10_000 });
      return { code, stdout, lines: stderr.trim().split("\n") };
    }
    async function busyPort() {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return { server, port: (server.address() as { port: number }).port };
    }

    it("a busy HTTP port", async () => {
      const { server, port } = await busyPort();
      try {
        const { code, lines, stdout } = await refused(["--http-port", String(port)]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(lines).toEqual([
          `runway: --http-port ${port}: the HTTP port 127.0.0.1:${port} is already in use (choose another, or 0 for any free port)`,
        ]);
      } finally {
        server.close();
      }
    });

    it("a busy gRPC port (and the HTTP port it had bound is released)", async () => {
      const { server, port } = await busyPort();
      try {
        const { code, lines } = await refused(["--grpc-port", String(port)]);
        expect(code).toBe(2);
        expect(lines).toEqual([
          `runway: --grpc-port ${port}: the gRPC port 127.0.0.1:${port} is already in use (choose another, or 0 for any free port)`,
        ]);
      } finally {
        server.close();
      }
    });

    it("a state file in a folder that does not exist", async () => {
      const { code, lines } = await refused(["--state", "/no/such/dir/x.json"]);
      expect(code).toBe(2);
      expect(lines).toEqual(['runway: state file "/no/such/dir/x.json": its folder /no/such/dir does not exist']);
    });

    it("a state file with bad JSON, a folder given as the state file, and an unreadable one", async () => {
      const dir = tempDir("emulator-state-");
      const bad = join(dir, "bad.json");
      writeFileSync(bad, "{not json");
      const bad1 = await refused(["--state", bad]);
      expect(bad1.code).toBe(2);
      expect(bad1.lines).toHaveLength(1);
      expect(bad1.lines[0]).toContain(`state file ${JSON.stringify(bad)}: not valid JSON`);
      const folder = join(dir, "folder.json");
      mkdirSync(folder);
      expect(await refused(["--state", folder])).toMatchObject({
        code: 2,
        lines: [`runway: state file ${JSON.stringify(folder)}: not a file`],
      });
      if (process.getuid?.() !== 0) {
        const locked = join(dir, "locked.json");
        writeFileSync(locked, "{}");
        chmodSync(locked, 0o000);
        expect(await refused(["--state", locked])).toMatchObject({
          code: 2,
          lines: [`runway: state file ${JSON.stringify(locked)}: cannot read it (EACCES)`],
        });
      }
    });

    it("a bad --host, a host that is not this machine, and bad port values", async () => {
      expect(await refused(["--host", "bad host"])).toMatchObject({
        code: 2,
        lines: ['runway: --host: expected an IPv4 address or a host name such as 127.0.0.1, got "bad host"'],
      });
      const elsewhere = await refused(["--host", "192.0.2.1"]);
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.lines).toHaveLength(1);
      expect(elsewhere.lines[0]).toMatch(/^runway: --host "192\.0\.2\.1": cannot listen there \(EADDRNOTAVAIL\)/);
      for (const [flag, value] of [
        ["--http-port", "abc"],
        ["--grpc-port", ""],
        ["--http-port", "1.5"],
        ["--grpc-port", "-1"],
        ["--http-port", "70000"],
      ]) {
        expect(await refused([`${flag}=${value}`])).toMatchObject({
          code: 2,
          lines: [`runway: ${flag}: expected a port number 0-65535, got ${JSON.stringify(value)}`],
        });
      }
    });
  });

  it("stops on the first SIGTERM even when its state folder vanished while running (a failed save is said once)", async () => {
    const dir = tempDir("emulator-state-");
    const state = join(dir, "sub", "state.json");
    mkdirSync(join(dir, "sub"));
    const { child, ready, exited } = await startBundled(["--state", state]);
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    rmSync(join(dir, "sub"), { recursive: true });
    await fetch(`${ready.http}/_emulator/images`, { method: "POST", body: JSON.stringify({ image: "app", command: ["true"] }) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(stderr.match(/cannot save state/g)?.length).toBe(1);
  });
});
