import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * The Node binaries to time the actions with: this one, and RUNWAY_BENCH_NODE when set (for
 * example a Node 24 binary, the runtime `runs.using: node24` gives the actions on a runner).
 */
export function benchNodes(): { bin: string; label: string }[] {
  const extra = process.env.RUNWAY_BENCH_NODE;
  const nodes = [{ bin: process.execPath, label: `Node ${process.version}` }];
  if (extra) nodes.push({ bin: extra, label: `Node ${execFileSync(extra, ["--version"], { encoding: "utf8" }).trim()}` });
  return nodes;
}

/**
 * Runs a bundled action as the runner does (INPUT_* variables, output and summary files), timed.
 * `host` is the emulator address: host:port picks gRPC, http://host:port picks REST.
 */
export function benchAction(
  name: string,
  host: string,
  inputs: Record<string, string>,
  node = process.execPath,
): Promise<{ started: number; ended: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), "runway-bench-"));
  for (const f of ["out", "summary"]) writeFileSync(join(dir, f), "");
  const env = {
    PATH: process.env.PATH,
    RUNWAY_EMULATOR_HOST: host,
    GITHUB_OUTPUT: join(dir, "out"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
    GITHUB_WORKSPACE: process.cwd(),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const started = Date.now();
  const child = spawn(node, [`dist/${name}/index.js`], { env, stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ started, ended: Date.now(), code })));
}
