import { accessSync, constants, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname, resolve as resolvePath } from "node:path";
import { ConfigurationError } from "../shared/errors.js";
import { type Emu, Urls } from "./context.js";
import { handleControl } from "./control.js";
import { startGrpc } from "./grpc.js";
import { RequestLog } from "./monitoring/requests.js";
import { METRIC_SERVICE_NOT_SERVED, metricHandlers } from "./monitoring/time-series.js";
import { Traffic } from "./monitoring/traffic.js";
import { Operations } from "./operations.js";
import type { Json } from "./proto.js";
import { Registry } from "./registry.js";
import { handleRest, sendError } from "./rest.js";
import { executionHandlers, jobHandlers } from "./run/jobs.js";
import { revisionHandlers } from "./run/revisions.js";
import { serviceHandlers } from "./run/services.js";
import { taskHandlers } from "./run/task-resources.js";
import { executionLogs, stopAll } from "./run/tasks.js";
import { schedulerHandlers } from "./scheduler/jobs.js";
import { handleServing } from "./serving/router.js";
import { Runtime } from "./serving/runtime.js";
import { Store } from "./state.js";
import { ApiError } from "./errors.js";

export interface EmulatorOptions {
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  /** Load state from this JSON file at start (when it exists) and save it on every change. */
  statePath?: string;
  /** How long a command image may take to listen on $PORT. */
  startupTimeoutMs?: number;
  now?: () => Date;
}

export interface Emulator {
  /** host:port of the gRPC server, the value for RUNWAY_EMULATOR_HOST. */
  grpc: string;
  /** Base URL of the HTTP server: REST API, control routes and serving URLs. */
  http: string;
  grpcPort: number;
  httpPort: number;
  store: Store;
  registry: Registry;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a listen failed, in one line naming the host, the port and the option behind it. */
function listenError(what: string, option: string, host: string, port: number, error: unknown): ConfigurationError {
  const code = (error as { code?: string }).code;
  const where = `${host}:${port}`;
  if (code === "EADDRINUSE" || /address already in use|EADDRINUSE/i.test(String((error as Error).message))) {
    return new ConfigurationError(
      `${option} ${port}: the ${what} port ${where} is already in use (choose another, or 0 for any free port)`,
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EADDRNOTAVAIL") {
    return new ConfigurationError(
      `--host ${JSON.stringify(host)}: cannot listen there (${code}); use an address of this machine such as 127.0.0.1`,
    );
  }
  if (code === "EACCES")
    return new ConfigurationError(`${option} ${port}: not allowed to listen on ${where} (EACCES); use a port above 1023`);
  const first = String((error as Error).message ?? error).split("\n")[0];
  return new ConfigurationError(`cannot start the ${what} server on ${where}: ${first}`);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(listenError("HTTP", "--http-port", host, port, error)));
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

/**
 * Reads and checks the state file before anything listens: a missing folder, an unreadable
 * file or bad JSON is refused with one line naming the file. Returns undefined when the file
 * does not exist yet (it is created on the first change).
 */
function readState(path: string): string | undefined {
  const shown = JSON.stringify(path);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ENOENT") throw new ConfigurationError(`state file ${shown}: cannot read it (${code})`);
    const folder = dirname(resolvePath(path));
    let folderOk = false;
    try {
      folderOk = statSync(folder).isDirectory();
    } catch {}
    if (!folderOk) throw new ConfigurationError(`state file ${shown}: its folder ${folder} does not exist`);
    try {
      accessSync(folder, constants.W_OK);
    } catch {
      throw new ConfigurationError(`state file ${shown}: its folder ${folder} is not writable`);
    }
    return undefined;
  }
  if (!isFile) throw new ConfigurationError(`state file ${shown}: not a file`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigurationError(`state file ${shown}: cannot read it (${(error as { code?: string }).code ?? (error as Error).message})`);
  }
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new ConfigurationError(`state file ${shown}: not writable (the emulator saves every change there)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`state file ${shown}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`state file ${shown}: expected a JSON object saved by the emulator`);
  }
  return text;
}

/** Saved state, moving its URLs to this run's HTTP port. */
function loadState(text: string, http: string): Json {
  const saved = (JSON.parse(text) as Json).httpBase;
  return JSON.parse(typeof saved === "string" && saved !== http ? text.replaceAll(saved, http) : text) as Json;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => new Date());
  const ops = new Operations();
  const store = new Store(ops);
  const registry = new Registry(now);
  const runtime = new Runtime(store.catalog, { startupTimeoutMs: options.startupTimeoutMs });
  const savedText = options.statePath ? readState(options.statePath) : undefined;
  const httpServer = createServer();
  const httpPort = await listen(httpServer, host, options.httpPort ?? 0);
  const http = `http://${host}:${httpPort}`;
  let saveTimer: NodeJS.Timeout | undefined;
  let saveFailed = false;
  const save = () => {
    if (!options.statePath) return;
    try {
      writeFileSync(options.statePath, JSON.stringify({ ...store.toJSON(), httpBase: http }));
      saveFailed = false;
    } catch (error) {
      // Say it once per failure streak; the emulator keeps serving from memory.
      if (!saveFailed)
        process.stderr.write(`runway emulator: cannot save state to ${JSON.stringify(options.statePath)}: ${(error as Error).message}\n`);
      saveFailed = true;
    }
  };
  const emu: Emu = {
    store,
    ops,
    runtime,
    urls: new Urls(http),
    now,
    requests: new RequestLog(),
    changed: () => {
      if (options.statePath && !saveTimer)
        saveTimer = setTimeout(() => {
          saveTimer = undefined;
          save();
        }, 50);
    },
  };
  if (savedText !== undefined) {
    try {
      store.load(loadState(savedText, http));
    } catch (error) {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      throw new ConfigurationError(
        `state file ${JSON.stringify(options.statePath)}: not a state the emulator saved (${(error as Error).message})`,
      );
    }
  }

  registry.serve("google.cloud.run.v2.Services", serviceHandlers(emu));
  registry.serve("google.cloud.run.v2.Revisions", revisionHandlers(emu));
  registry.serve("google.cloud.run.v2.Jobs", jobHandlers(emu));
  registry.serve("google.cloud.run.v2.Executions", executionHandlers(emu));
  registry.serve("google.cloud.run.v2.Tasks", taskHandlers(emu));
  registry.serve("google.cloud.scheduler.v1.CloudScheduler", schedulerHandlers(emu, registry));
  registry.serve("google.longrunning.Operations", ops.handlers(), {
    // Cloud Run publishes no HTTP rule for it (googleapis run_v2.yaml), and the clients' REST mode
    // cannot send it; over gRPC an unserved method is UNIMPLEMENTED, as operations.proto allows.
    CancelOperation: "Cloud Run publishes no HTTP rule for CancelOperation; not emulated",
  });
  registry.serve("google.monitoring.v3.MetricService", metricHandlers(emu), METRIC_SERVICE_NOT_SERVED);
  const traffic = new Traffic(emu);

  const reset = async () => {
    await traffic.stopAll();
    emu.requests.clear();
    await runtime.stopAll();
    await stopAll(emu);
    store.clear();
    registry.faults.clear();
    registry.calls.length = 0;
    emu.changed();
  };
  const hooks = {
    reset,
    logs: (name: string) => runtime.logs(name) || executionLogs(emu, name),
    traffic,
  };
  httpServer.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", http);
    (async () => {
      if (await handleControl(emu, registry, hooks, req, res, url)) return;
      if (await handleRest(registry, req, res, url)) return;
      if (await handleServing(emu, req, res, url)) return;
      sendError(res, new ApiError("NOT_FOUND", `The requested URL ${url.pathname} was not found on this server.`));
    })().catch((error) => {
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  });
  let grpc: Awaited<ReturnType<typeof startGrpc>>;
  try {
    grpc = await startGrpc(registry, host, options.grpcPort ?? 0);
  } catch (error) {
    // Nothing may stay bound when start-up fails.
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    throw listenError("gRPC", "--grpc-port", host, options.grpcPort ?? 0, error);
  }

  return {
    grpc: `${host}:${grpc.port}`,
    http,
    grpcPort: grpc.port,
    httpPort,
    store,
    registry,
    reset,
    async stop() {
      try {
        await traffic.stopAll();
        await stopAll(emu);
        clearTimeout(saveTimer);
        save();
        await runtime.stopAll();
      } finally {
        // The ports are released whatever happened above.
        await new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve()));
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
    },
  };
}
