import type { CommandContext } from "../commands/context.js";
import { type Logger, liveLine, type SourceLocation, systemClock } from "../shared/runtime.js";
import type { GcpClients } from "../gcp/clients.js";

/** Logs to stderr, so that stdout stays clean for --format json. */
export function consoleLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const secrets = new Set<string>();
  const mask = (text: string) => [...secrets].reduce((t, s) => t.replaceAll(s, "***"), text);
  const at = (where?: SourceLocation) => (where?.file ? `${where.file}:${where.line ?? 0}:${where.column ?? 0}: ` : "");
  return {
    info: (message) => write(mask(message)),
    warn: (message, where) => write(mask(`warning: ${at(where)}${message}`)),
    error: (message, where) => write(mask(`error: ${at(where)}${message}`)),
    group: async (title, run) => {
      write(mask(`▸ ${title}`));
      return run();
    },
    secret: (value) => {
      if (value) secrets.add(value);
    },
  };
}

/** Loads the official clients' module (RUNWAY_EMULATOR_HOST honoured): a third of a second, so only for a command that needs them. */
export async function loadClients(): Promise<() => GcpClients> {
  return (await import("../gcp/clients.js")).createClients;
}

/** The CLI's context: official clients (from createClients, when given), GitHub from GITHUB_TOKEN. */
export function cliContext(
  env: NodeJS.ProcessEnv = process.env,
  createClients?: () => GcpClients,
): { ctx: CommandContext; close: () => Promise<void> } {
  let clients: GcpClients | undefined;
  // In a terminal, a canary wait redraws one live line (time left, last check) instead of printing lines.
  const base = consoleLogger();
  const logger = process.stderr.isTTY ? { ...base, progress: liveLine((text) => process.stderr.write(text)), liveProgress: true } : base;
  const token = env.GITHUB_TOKEN ?? "";
  if (token) logger.secret(token);
  const ctx: CommandContext = {
    logger,
    clock: systemClock,
    clients: () => {
      if (!createClients) throw new Error("internal: this command was started without the Cloud Run clients");
      clients ??= createClients();
      return clients;
    },
    fetch,
    github:
      token && env.GITHUB_REPOSITORY
        ? { token, repository: env.GITHUB_REPOSITORY, apiUrl: env.GITHUB_API_URL ?? "https://api.github.com" }
        : undefined,
    env,
  };
  return { ctx, close: async () => clients?.close() };
}
