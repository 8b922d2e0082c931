#!/usr/bin/env node
import { isMissingCredentials } from "../gcp/errors.js";
import { report } from "./report.js";
import { COMMAND_SPECS, DEMO, isGroup } from "./specs.js";

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
  demo: async (argv) => {
    (await import("./args.js")).parseCommand(DEMO, argv);
    return (await import("../demo/story.js")).demo();
  },
};

const HELP = new Set(["--help", "-h"]);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Flags after `--` are values, not a request for help.
  const before = argv.indexOf("--") < 0 ? argv : argv.slice(0, argv.indexOf("--"));
  if (name === undefined || HELP.has(name) || name === "help") {
    const args = await import("./args.js");
    process[name === undefined ? "stderr" : "stdout"].write(
      name === "help" ? args.helpFor(rest.filter((w) => !HELP.has(w))) : args.renderTopHelp(),
    );
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command || before.slice(1).some((a) => HELP.has(a))) {
    const args = await import("./args.js");
    if (name.startsWith("-"))
      throw args.usage(
        `unknown option ${name}: options come after the command, as in \`runway deploy --env dev …\`; run \`runway --help\` for the commands`,
      );
    process.stdout.write(args.helpFor([name, ...rest]));
    return 0;
  }
  const entry = COMMAND_SPECS[name];
  if (entry && isGroup(entry)) (await import("./args.js")).findSubcommand(entry, rest[0]);
  try {
    return await command(rest);
  } catch (error) {
    throw (await import("./args.js")).explainParseError(error, argv);
  }
}

// gcp-metadata warns (through the process) that it found no metadata server when there are no
// credentials: the credentials error that follows says what to do, the warning only confuses.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
  const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === "MetadataLookupWarning" || (warning as Error | undefined)?.name === "MetadataLookupWarning") return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

// google-auth rejects a promise nobody awaits when there are no credentials; the call that
// awaited the same lookup reports it. Anything else left unhandled is reported as a bug, once.
let reported = false;
process.on("unhandledRejection", (reason) => {
  if (isMissingCredentials(reason) || reported) return;
  reported = true;
  process.exitCode = report(reason);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reported = true;
    process.exitCode = report(error);
  },
);
