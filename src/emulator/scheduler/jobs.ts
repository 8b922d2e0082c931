import type { Emu } from "../context.js";
import type { Handler } from "../registry.js";

export function schedulerHandlers(_emu: Emu): Record<string, Handler> {
  return {};
}
