import { previewCommand } from "../commands/preview.js";
import { findSubcommand, parseCommand } from "./args.js";
import { resolveRevision } from "./git.js";
import { configOptions, runCli } from "./run.js";
import { PREVIEW } from "./specs.js";

/** `runway preview deploy|cleanup …`. */
export async function previewCli(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const values = parseCommand(findSubcommand(PREVIEW, action), rest);
  const commit = typeof values.commit === "string" ? await resolveRevision(values.commit, "commit") : undefined;
  const input = {
    action: action as "deploy" | "cleanup",
    pr: values.pr as string,
    image: values.image as string | undefined,
    commit,
    fork: false,
    environment: values.env as string,
    ...configOptions(values),
  };
  return runCli(values.format as string, (ctx) => previewCommand(input, ctx));
}
