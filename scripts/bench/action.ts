import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Runs a bundled action as the runner does (INPUT_* variables, output and summary files), timed. */
export function benchAction(name: string, grpc: string, inputs: Record<string, string>): Promise<{ started: number; ended: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), "runway-bench-"));
  for (const f of ["out", "summary"]) writeFileSync(join(dir, f), "");
  const env = {
    PATH: process.env.PATH,
    RUNWAY_EMULATOR_HOST: grpc,
    GITHUB_OUTPUT: join(dir, "out"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
    GITHUB_WORKSPACE: process.cwd(),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const started = Date.now();
  const child = spawn(process.execPath, [`dist/${name}/index.js`], { env, stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ started, ended: Date.now(), code })));
}
