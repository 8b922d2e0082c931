import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { chown, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { LocalSetupError } from "./errors.js";
import { freePort } from "./ports.js";
import { run, tail } from "./run.js";

export interface LocalPostgres {
  host: "127.0.0.1";
  port: number;
  user: string;
  password?: string;
  database: string;
  url: string;
  /** PGHOST, PGPORT, PGUSER, PGDATABASE for child processes. */
  env: Record<string, string>;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface Identity {
  uid: number;
  gid: number;
}

const SUPERUSER = "postgres";
const INSTALL_HINT =
  "PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";

/** Starts a throwaway PostgreSQL cluster on 127.0.0.1 in a fresh temp dir. */
export async function startPostgres(opts: { log?: (msg: string) => void } = {}): Promise<LocalPostgres> {
  const log = opts.log ?? (() => {});
  const bin = findBinDir();
  const owner = serverIdentity();
  const dir = await mkdtemp(join(tmpdir(), "runway-pg-"));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    const data = join(dir, "data");
    await initdb(bin, data, dir, owner);
    const { child, port } = await launch(bin, data, dir, owner);
    log(`postgres ready on 127.0.0.1:${port} (${dir})`);
    return running(bin, data, child, port, removeDir);
  } catch (error) {
    removeDir();
    throw error;
  }
}

/** RUNWAY_PG_BIN, then PATH (following symlinks), then Debian's layout. */
function findBinDir(): string {
  const candidates: string[] = [];
  if (process.env.RUNWAY_PG_BIN) candidates.push(process.env.RUNWAY_PG_BIN);
  for (const entry of (process.env.PATH ?? "").split(delimiter)) {
    try {
      candidates.push(dirname(realpathSync(join(entry, "initdb"))));
    } catch {}
  }
  try {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {}
  const found = candidates.find((d) => isExecutable(join(d, "initdb")) && isExecutable(join(d, "postgres")));
  if (!found) throw new LocalSetupError(INSTALL_HINT);
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * postgres refuses to run as root, and CI runs as root. Rather than creating
 * users, drop to an account every Debian image has: `postgres` (present when
 * the server package is installed), else `nobody`. null means "run as we are".
 */
function serverIdentity(): Identity | null {
  if (process.getuid?.() !== 0) return null;
  const users = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"));
  for (const name of ["postgres", "nobody"]) {
    const entry = users.find((fields) => fields[0] === name);
    if (entry?.[2] && entry[3]) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new LocalSetupError("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL");
}

/** Spawn options that run a server binary as `owner`, from a dir it can read. */
function asOwner(owner: Identity | null, cwd: string) {
  // Locale settings from the caller can make initdb fail on minimal images.
  const env = { ...process.env, LC_ALL: "C", LANG: "C" };
  return owner ? { cwd, env, uid: owner.uid, gid: owner.gid } : { cwd, env };
}

async function initdb(bin: string, data: string, cwd: string, owner: Identity | null): Promise<void> {
  // --no-sync: a throwaway cluster does not need to survive a power cut.
  const args = ["-D", data, "-U", SUPERUSER, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync", "--no-instructions"];
  const result = await run(join(bin, "initdb"), args, asOwner(owner, cwd));
  if (result.code !== 0) {
    throw new LocalSetupError(`initdb failed (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
  }
}

/** Retries on a new port when another process took ours between pick and bind. */
async function launch(bin: string, data: string, dir: string, owner: Identity | null) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { child: await startServer(bin, data, dir, port, owner), port };
    } catch (error) {
      const portTaken = error instanceof LocalSetupError && /could not (bind|create listen)/i.test(error.message);
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

/**
 * Runs postgres directly (not via pg_ctl) so we own the process handle, and
 * reads readiness from its log instead of polling, which is both quicker and
 * distinguishes "starting up" from "ready".
 */
function startServer(bin: string, data: string, dir: string, port: number, owner: Identity | null): Promise<ChildProcess> {
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
  };
  const args = ["-D", data, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const child = spawn(join(bin, "postgres"), args, {
    ...asOwner(owner, dir),
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => fail(new LocalSetupError(`postgres did not become ready in 30 s:\n${tail(log)}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const exited = (code: number | null) => fail(new LocalSetupError(`postgres exited during startup (${code}):\n${tail(log)}`));
    const watch = (chunk: Buffer) => {
      // Keep only a bounded tail: this is just for the error message.
      log = (log + chunk.toString()).slice(-20_000);
      if (!log.includes("ready to accept connections")) return;
      clearTimeout(timer);
      child.off("exit", exited);
      // Keep draining so a chatty server never blocks on a full pipe.
      child.stderr?.off("data", watch).on("data", () => {});
      resolve(child);
    };
    child.on("error", fail);
    child.on("exit", exited);
    child.stderr?.on("data", watch);
  });
}

// One shared 'exit' listener (not one per cluster, which would trip Node's
// listener-leak warning in suites that start many). 'exit' handlers must be
// synchronous; they make a crashed test kill its servers and remove their
// files instead of leaking postmasters.
const cleanupOnExit = new Set<() => void>();
process.on("exit", () => {
  for (const cleanup of cleanupOnExit) cleanup();
});

function running(bin: string, data: string, child: ChildProcess, port: number, removeDir: () => void): LocalPostgres {
  const database = "postgres";
  const env = {
    PGHOST: "127.0.0.1",
    PGPORT: String(port),
    PGUSER: SUPERUSER,
    PGDATABASE: database,
  };
  const onExit = () => {
    child.kill("SIGQUIT");
    waitForFileGone(join(data, "postmaster.pid"), 5_000);
    removeDir();
  };
  cleanupOnExit.add(onExit);
  // A forgotten stop() must not keep the test process alive forever.
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  let stopping: Promise<void> | undefined;
  return {
    host: "127.0.0.1",
    port,
    user: SUPERUSER,
    database,
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`,
    env,
    async createDatabase(name) {
      const result = await run(join(bin, "createdb"), [name], {
        env: { ...process.env, ...env },
      });
      if (result.code !== 0) throw new LocalSetupError(`createdb ${name} failed:\n${tail(result.stderr)}`);
    },
    stop() {
      stopping ??= shutdown(child).then(() => {
        cleanupOnExit.delete(onExit);
        removeDir();
      });
      return stopping;
    },
  };
}

/**
 * Blocks (synchronously, for use in an 'exit' handler) until postgres removes
 * its pid file, which it does as the very last step of shutting down.
 */
function waitForFileGone(file: string, timeoutMs: number): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + timeoutMs; existsSync(file) && Date.now() < deadline; ) {
    Atomics.wait(sleeper, 0, 0, 20);
  }
}

/** Fast shutdown (SIGINT), escalating if the server hangs. */
function shutdown(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const quit = setTimeout(() => child.kill("SIGQUIT"), 5_000);
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(quit);
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGINT");
  });
}
