#!/usr/bin/env node
import { ConfigurationError, RefusalError } from "../core/errors.js";
import { demo } from "../demo/story.js";
import { deployCli } from "./deploy.js";
import { emulatorCommand } from "./emulator.js";
import { migrationsCli } from "./migrations.js";
import { previewCli } from "./preview.js";
import { schedulerCli } from "./scheduler.js";
import { promoteCli, rollbackCli } from "./promote.js";
import { statusCli } from "./status.js";

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  emulator: emulatorCommand,
  deploy: deployCli,
  status: statusCli,
  promote: promoteCli,
  rollback: rollbackCli,
  preview: previewCli,
  scheduler: schedulerCli,
  migrations: migrationsCli,
  demo: () => demo(),
};

const USAGE = `usage: runway <command> [options]

commands:
  deploy     plan and roll out a release to an environment
  promote    move the release live in the previous environment to the next
  rollback   put the previous release back, in one step
  preview    deploy or clean up a pull request's preview
  scheduler  sync, pause or resume an environment's Cloud Scheduler jobs
  migrations check new migrations against an environment's policy (exit 0 allow, 1 block)
  emulator   run the local Cloud Run + Cloud Scheduler emulator
  status     what is live in each environment
  demo       tell the story on the embedded emulator
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== "--help" ? `runway: unknown command ${JSON.stringify(name)}\n${USAGE}` : USAGE);
    return name && name !== "--help" ? 2 : 0;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const user = error instanceof ConfigurationError || error instanceof RefusalError || (error as Error).name === "CommandFailure" || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"));
    process.stderr.write(`runway: ${user ? (error as Error).message : (error as Error).stack}\n`);
    process.exitCode = user ? 2 : 1;
  },
);
