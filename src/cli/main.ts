#!/usr/bin/env node
import { ConfigurationError, RefusalError } from "../core/errors.js";

// Each command is loaded only when it runs: the emulator, for one, starts without the clients.
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  emulator: async (argv) => (await import("./emulator.js")).emulatorCommand(argv),
  deploy: async (argv) => (await import("./deploy.js")).deployCli(argv),
  status: async (argv) => (await import("./status.js")).statusCli(argv),
  import: async (argv) => (await import("./import.js")).importCli(argv),
  promote: async (argv) => (await import("./promote.js")).promoteCli(argv),
  rollback: async (argv) => (await import("./promote.js")).rollbackCli(argv),
  preview: async (argv) => (await import("./preview.js")).previewCli(argv),
  scheduler: async (argv) => (await import("./scheduler.js")).schedulerCli(argv),
  migrations: async (argv) => (await import("./migrations.js")).migrationsCli(argv),
  demo: async () => (await import("../demo/story.js")).demo(),
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
  import     write an environment file from a service deployed by hand (adopt it)
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
    const known = ["CommandFailure", "StepError", "DeployFailure"].includes((error as Error).name);
    const user = error instanceof ConfigurationError || error instanceof RefusalError || known || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"));
    process.stderr.write(`runway: ${user ? (error as Error).message : (error as Error).stack}\n`);
    process.exitCode = user ? 2 : 1;
  },
);
