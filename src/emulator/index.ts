import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type Emu, Urls } from "./context.js";
import { handleControl } from "./control.js";
import { startGrpc } from "./grpc.js";
import { Operations } from "./operations.js";
import type { Json } from "./proto.js";
import { Registry } from "./registry.js";
import { handleRest, sendError } from "./rest.js";
import { executionHandlers, jobHandlers } from "./run/jobs.js";
import { revisionHandlers } from "./run/revisions.js";
import { serviceHandlers } from "./run/services.js";
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

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

/** Reads saved state, moving its URLs to this run's HTTP port. */
function loadState(path: string, http: string): Json {
  const text = readFileSync(path, "utf8");
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
  const httpServer = createServer();
  const httpPort = await listen(httpServer, host, options.httpPort ?? 0);
  const http = `http://${host}:${httpPort}`;
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => options.statePath && writeFileSync(options.statePath, JSON.stringify({ ...store.toJSON(), httpBase: http }));
  const emu: Emu = {
    store,
    ops,
    runtime,
    urls: new Urls(http),
    now,
    changed: () => {
      if (options.statePath && !saveTimer) saveTimer = setTimeout(() => { saveTimer = undefined; save(); }, 50);
    },
  };
  if (options.statePath && existsSync(options.statePath)) store.load(loadState(options.statePath, http));

  registry.serve("google.cloud.run.v2.Services", serviceHandlers(emu));
  registry.serve("google.cloud.run.v2.Revisions", revisionHandlers(emu));
  registry.serve("google.cloud.run.v2.Jobs", jobHandlers(emu));
  registry.serve("google.cloud.run.v2.Executions", executionHandlers(emu));
  registry.serve("google.cloud.scheduler.v1.CloudScheduler", schedulerHandlers(emu, registry));
  registry.serve("google.longrunning.Operations", ops.handlers());

  const reset = async () => {
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
  const grpc = await startGrpc(registry, host, options.grpcPort ?? 0);

  return {
    grpc: `${host}:${grpc.port}`,
    http,
    grpcPort: grpc.port,
    httpPort,
    store,
    registry,
    reset,
    async stop() {
      await stopAll(emu);
      clearTimeout(saveTimer);
      save();
      await runtime.stopAll();
      await new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
