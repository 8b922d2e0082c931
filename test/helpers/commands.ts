import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandContext } from "../../src/commands/context.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import type { GcpClients } from "../../src/gcp/clients.js";
import { fastClock } from "./deploy.js";
import { tempDir } from "./tmp.js";

/** The YAML without its top-level `migrations:` block. */
export const withoutMigrations = (yaml: string) => yaml.replace(/^migrations:\n(?:[ #].*\n|\n)*/m, "");

/**
 * A workspace holding a copy of the shipped environments, optionally edited per file. Their
 * `migrations:` blocks are removed unless asked for: an environment that declares migrations is
 * released only with its Django project (project-dir), which the tests using this have none of.
 */
export function workspace(edit: Record<string, (yaml: string) => string> = {}, options: { migrations?: boolean } = {}): string {
  const dir = tempDir("runway-ws-");
  cpSync("environments", join(dir, "environments"), { recursive: true });
  for (const name of options.migrations ? [] : ["dev", "qa", "prod"]) {
    const file = join(dir, "environments", `${name}.yaml`);
    writeFileSync(file, withoutMigrations(readFileSync(file, "utf8")));
  }
  for (const [name, change] of Object.entries(edit)) {
    const file = join(dir, "environments", `${name}.yaml`);
    writeFileSync(file, change(readFileSync(file, "utf8")));
  }
  return dir;
}

export function commandContext(clients: GcpClients, extra: Partial<CommandContext> = {}): CommandContext & { logger: MemoryLogger } {
  return { logger: new MemoryLogger(), clock: fastClock(), clients: () => clients, fetch, env: {}, ...extra } as CommandContext & {
    logger: MemoryLogger;
  };
}
