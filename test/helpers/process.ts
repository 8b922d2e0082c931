// Runs a bundled entry (dist/…/index.js) as a child process, as a runner or a user does, and
// collects what it printed. A hang is killed after timeoutMs, so it fails a test, not the suite.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBundle(
  entry: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(entry), ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const limit = options.timeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`${entry} ${args.join(" ")} did not finish in ${limit} ms\n${stderr}`));
    }, limit);
    child.once("error", fail);
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
