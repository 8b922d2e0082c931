import { type ChildProcess, spawn } from "node:child_process";
import { createServer, connect } from "node:net";

/** A free loopback port, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Keeps the tail of a process's output, so logs stay bounded however long it runs. */
export class LogBuffer {
  private text = "";
  constructor(private readonly limit = 256 * 1024) {}
  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(-this.limit);
  }
  toString(): string {
    return this.text;
  }
}

export interface Spawned {
  child: ChildProcess;
  log: LogBuffer;
  exited: Promise<number>;
}

/** Spawns in its own process group so that stop() also reaches grandchildren (gunicorn workers). */
export function spawnCommand(argv: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }, log = new LogBuffer()): Spawned {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk) => log.append(chunk));
  child.stderr?.on("data", (chunk) => log.append(chunk));
  const exited = new Promise<number>((resolve) => {
    child.once("error", (error) => {
      log.append(`${error.message}\n`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
  return { child, log, exited };
}

export async function stopProcess(spawned: Spawned, graceMs = 2000): Promise<void> {
  const { child } = spawned;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // Already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await spawned.exited;
  clearTimeout(timer);
}
