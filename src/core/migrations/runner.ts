// How the gate starts processes (python, squawk): given, not imported, so the core stays pure.
// src/local/run.ts's run() fits.
import type { RunResult } from "../../local/run.js";

export type { RunResult };

/** `input`, when given, is written to the process's stdin once it resolves; the process starts at once. */
export type Runner = (
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: Promise<string> },
) => Promise<RunResult>;
