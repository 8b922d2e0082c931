import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { grpc } from "google-gax";
import { type Emulator, startEmulator } from "../emulator/index.js";
import { ConfigurationError } from "../shared/errors.js";

const USAGE = "usage: runway emulator [--host 127.0.0.1] [--grpc-port N] [--http-port N] [--state FILE]";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** How long a stop may take before the process exits anyway. */
const STOP_GRACE_MS = 5_000;

function port(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigurationError(`--${name}: expected a port number 0-65535, got ${JSON.stringify(value)}`);
  return n;
}

function host(value: string): string {
  const name = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  if (isIP(value) === 4 || name.test(value)) return value;
  throw new ConfigurationError(`--host: expected an IPv4 address or a host name such as 127.0.0.1, got ${JSON.stringify(value)}`);
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
  const options = {
    host: host(values.host),
    grpcPort: port("grpc-port", values["grpc-port"]),
    httpPort: port("http-port", values["http-port"]),
    statePath: values.state === "" ? undefined : values.state,
  };
  if (values.state === "") throw new ConfigurationError("--state: expected a file path, got an empty value");

  // The first signal always stops, even one that arrives during start-up or a stop that fails.
  let signalled: () => void = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    signalled = resolve;
  });
  const onSignal = () => {
    signalled();
    setTimeout(() => {
      process.stderr.write(`runway emulator: did not stop within ${STOP_GRACE_MS / 1000}s; exiting\n`);
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const forget = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };

  // grpc-js logs its own line for a failed bind; the refusal below says it once, plainly.
  const quiet = process.env.GRPC_VERBOSITY === undefined;
  if (quiet) grpc.setLogVerbosity(grpc.logVerbosity.NONE);
  let emulator: Emulator;
  try {
    emulator = await Promise.race([startEmulator(options), stopRequested.then(() => undefined)]).then((started) => {
      if (!started) throw new StoppedDuringStart();
      return started;
    });
  } catch (error) {
    forget();
    if (error instanceof StoppedDuringStart) process.exit(0);
    throw error;
  } finally {
    if (quiet) grpc.setLogVerbosity(grpc.logVerbosity.ERROR);
  }
  process.stdout.write(`${JSON.stringify({ grpc: emulator.grpc, http: emulator.http })}\n`);
  await stopRequested;
  try {
    await emulator.stop();
  } finally {
    forget();
  }
  return 0;
}

class StoppedDuringStart extends Error {}
