import { describeCause } from "../core/timeline.js";
import { fromClient } from "../gcp/errors.js";
import { classify } from "../shared/errors.js";

/**
 * Reports a command's failure as one message, never a stack: the user's mistake or the world's
 * (exit 2 for usage and configuration, 1 otherwise), or a bug to report (exit 1), whose stack is
 * printed only with RUNWAY_DEBUG=1. Returns the exit code.
 */
export function report(
  error: unknown,
  write: (text: string) => void = (text) => process.stderr.write(text),
  env: NodeJS.ProcessEnv = process.env,
): number {
  const debug = /^(1|true|yes|on)$/i.test(env.RUNWAY_DEBUG ?? "");
  const stack = () => (debug ? `${(error as Error | undefined)?.stack ?? String(error)}\n` : "");
  const explained = fromClient(error);
  const message = (explained instanceof Error ? explained.message : String(explained)).replace(/^\s+at .*(\n|$)/gm, "").trimEnd();
  const { kind, reason, library } = classify(explained);
  if (kind !== "bug") {
    write(
      `runway: ${
        !library
          ? message
          : describeCause(explained)
              .replace(/^\s+at .*(\n|$)/gm, "")
              .trimEnd()
      }\n${stack()}`,
    );
    return reason === "usage" ? 2 : 1;
  }
  const how = debug ? "" : " and the output of the same command with RUNWAY_DEBUG=1 (it prints the stack)";
  write(
    `runway: unexpected error: ${message.split("\n")[0]}\nThis is a bug in Runway, please report it (an issue in Runway's repository) with the command you ran${how}.\n${stack()}`,
  );
  return 1;
}
