// The emulator's own control surface on loopback HTTP, for tests, the demo and users.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emu } from "./context.js";
import { ApiError } from "./errors.js";
import { parseFault } from "./faults.js";
import { parseTraffic, summary, type Traffic } from "./monitoring/traffic.js";
import { readBody, sendError, sendJson } from "./rest.js";
import type { Registry } from "./registry.js";
import { parseImageSpec } from "./serving/catalog.js";

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 1024 * 1024);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError("INVALID_ARGUMENT", "request body is not valid JSON");
  }
}

export interface ControlHooks {
  reset(): Promise<void>;
  logs(resourceName: string): string | undefined;
  traffic: Traffic;
}

const isLoopback = (address: string | undefined) =>
  address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1" || Boolean(address?.startsWith("127."));

export async function handleControl(
  emu: Emu,
  registry: Registry,
  hooks: ControlHooks,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith("/_emulator/")) return false;
  const route = `${req.method} ${url.pathname}`;
  try {
    if (route === "POST /_emulator/images") {
      const spec = parseImageSpec(await jsonBody(req));
      emu.store.catalog.set(spec.image, spec);
      emu.changed();
      sendJson(res, 200, spec);
    } else if (route === "GET /_emulator/images") {
      sendJson(res, 200, { images: [...emu.store.catalog.values()] });
    } else if (route === "POST /_emulator/faults") {
      const fault = parseFault(await jsonBody(req), new Set(registry.methods.keys()));
      registry.faults.add(fault);
      sendJson(res, 200, fault);
    } else if (route === "GET /_emulator/faults") {
      sendJson(res, 200, { faults: registry.faults.list() });
    } else if (route === "DELETE /_emulator/faults") {
      registry.faults.clear();
      sendJson(res, 200, {});
    } else if (route === "GET /_emulator/calls") {
      const since = Number(url.searchParams.get("since") ?? 0);
      sendJson(res, 200, { calls: registry.calls.slice(since), total: registry.calls.length });
    } else if (route === "DELETE /_emulator/calls") {
      registry.calls.length = 0;
      sendJson(res, 200, {});
    } else if (url.pathname === "/_emulator/traffic" || url.pathname.startsWith("/_emulator/traffic/")) {
      await trafficRoute(emu, hooks.traffic, req, res, url);
    } else if (route === "POST /_emulator/reset") {
      await hooks.reset();
      sendJson(res, 200, {});
    } else if (route === "GET /_emulator/state") {
      sendJson(res, 200, emu.store.toJSON());
    } else if (req.method === "GET" && url.pathname.startsWith("/_emulator/logs/")) {
      const logs = hooks.logs(decodeURIComponent(url.pathname.slice("/_emulator/logs/".length)));
      if (logs === undefined) throw new ApiError("NOT_FOUND", "no logs for that resource");
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end(logs);
    } else {
      throw new ApiError("NOT_FOUND", `no control route ${route}`);
    }
  } catch (error) {
    sendError(res, error);
  }
  return true;
}

/**
 * POST /_emulator/traffic starts a run (answering when it is done with `wait: true`), GET lists the
 * runs, GET /_emulator/traffic/ID shows one (`?wait=true` answers when it is done), DELETE stops it.
 * Only callers on loopback may send traffic, whatever address the emulator listens on.
 */
async function trafficRoute(emu: Emu, traffic: Traffic, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) throw new ApiError("PERMISSION_DENIED", "traffic can be sent from loopback only");
  const id = url.pathname.slice("/_emulator/traffic/".length);
  if (url.pathname === "/_emulator/traffic") {
    if (req.method === "POST") {
      const run = traffic.start(parseTraffic(await jsonBody(req), emu));
      if (run.plan.wait) await run.done;
      sendJson(res, 200, summary(run));
    } else if (req.method === "GET") sendJson(res, 200, { runs: traffic.list().map(summary) });
    else throw new ApiError("NOT_FOUND", `no control route ${req.method} ${url.pathname}`);
    return;
  }
  const run = traffic.get(id);
  if (!run) throw new ApiError("NOT_FOUND", `no traffic run ${id}`);
  if (req.method === "GET") {
    if (url.searchParams.get("wait") === "true") await run.done;
  } else if (req.method === "DELETE") await traffic.stop(run);
  else throw new ApiError("NOT_FOUND", `no control route ${req.method} ${url.pathname}`);
  sendJson(res, 200, summary(run));
}
