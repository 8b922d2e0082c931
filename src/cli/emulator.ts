import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index.js";
import { ConfigurationError } from "../core/errors.js";

const USAGE = "usage: runway emulator [--host 127.0.0.1] [--grpc-port N] [--http-port N] [--state FILE]";

function port(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigurationError(`--${name}: expected a port number 0-65535, got ${JSON.stringify(value)}`);
  return n;
}

/** Starts the emulator, prints one JSON line when ready, and runs until signalled. */
export async function emulatorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      "grpc-port": { type: "string" },
      "http-port": { type: "string" },
      state: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const emulator = await startEmulator({
    host: values.host,
    grpcPort: port("grpc-port", values["grpc-port"]),
    httpPort: port("http-port", values["http-port"]),
    statePath: values.state,
  });
  process.stdout.write(`${JSON.stringify({ grpc: emulator.grpc, http: emulator.http })}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => resolve());
  });
  await emulator.stop();
  return 0;
}
