import type { CommandContext, CommandResult } from "../commands/context.js";
import type { Values } from "./args.js";
import { cliContext, loadClients } from "./context.js";

/** --config-dir, and the directory it must stay inside (the working directory). */
export function configOptions(values: Values): { configDir: string; root: string } {
  return { configDir: values["config-dir"] as string, root: process.cwd() };
}

/**
 * Runs one command for the CLI: text summary or JSON on stdout, exit code from the verdict.
 * `clients: false` for a command that never calls Google Cloud: it starts without loading them.
 */
export async function runCli(
  format: string | undefined,
  command: (ctx: CommandContext) => Promise<CommandResult>,
  options: { clients?: boolean } = {},
): Promise<number> {
  const { ctx, close } = cliContext(process.env, options.clients === false ? undefined : await loadClients());
  try {
    const result = await command(ctx);
    process.stdout.write(format === "json" ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.summary}\n`);
    return result.exitCode ?? 0;
  } catch (error) {
    const summary = (error as { summary?: string }).summary;
    if (summary && format !== "json") process.stdout.write(`${summary}\n`);
    throw error;
  } finally {
    await close();
  }
}
