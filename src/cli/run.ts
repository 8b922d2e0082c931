import type { CommandContext, CommandResult } from "../commands/context.js";
import { cliContext } from "./context.js";

/** Runs one command for the CLI: text summary or JSON on stdout, exit code from the verdict. */
export async function runCli(format: string | undefined, command: (ctx: CommandContext) => Promise<CommandResult>): Promise<number> {
  const { ctx, close } = cliContext();
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
