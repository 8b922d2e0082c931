// The plans core prints while it runs, before it writes. Core holds them as data only: how they
// read is src/present/terminal's, which the entries pass in as `progress` in the deps. Without it
// (the engine alone, as tests call it) nothing is printed.
import type { Logger } from "../shared/runtime.js";

/** Prints a rendered plan as its own log group; nothing when the caller gave no renderer. */
export async function showProgress(deps: { logger: Logger }, group: string, text: string | undefined): Promise<void> {
  if (text !== undefined) await deps.logger.group(group, async () => deps.logger.info(text));
}
