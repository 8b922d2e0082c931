// The emulator's own control surface on loopback HTTP, for tests, the demo and users.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Emu } from "./context.js";
import { ApiError } from "./errors.js";
import { parseFault } from "./faults.js";
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
}

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
