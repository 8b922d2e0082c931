import type { Emu } from "../context.js";
import type { Handler } from "../registry.js";

export function jobHandlers(_emu: Emu): Record<string, Handler> {
  return {};
}

export function executionHandlers(_emu: Emu): Record<string, Handler> {
  return {};
}
