import { type SpawnOptions, spawn } from "node:child_process";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and captures its output. Never rejects on a
 * non-zero exit (callers decide what failure means and how to report it);
 * rejects only when the process could not be spawned at all (e.g. ENOENT).
 * With `input`, the process starts at once and reads the input on stdin when it resolves.
 */
export function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { input?: Promise<string> } = {},
): Promise<RunResult> {
  const { input, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...spawnOptions,
      stdio: [input ? "pipe" : "ignore", "pipe", "pipe"],
    });
    if (input && child.stdin) {
      // The process starts now; its stdin gets the input once known. If the input fails,
      // the process is not needed: it is stopped (and its result is the caller's to ignore).
      const stdin = child.stdin;
      stdin.on("error", () => {});
      input.then(
        (text) => stdin.end(text),
        () => child.kill(),
      );
    }
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Last lines of a process's output, enough to diagnose without flooding. */
export function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
