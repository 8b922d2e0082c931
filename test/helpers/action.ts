import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./tmp.js";

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses $GITHUB_OUTPUT as @actions/core writes it: name<<delimiter … delimiter. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i] as string);
    if (!heredoc) continue;
    const [, name, delimiter] = heredoc as unknown as [string, string, string];
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] as string);
    outputs[name] = value.join("\n");
  }
  return outputs;
}

/**
 * Runs a bundled action exactly as the runner does: `node dist/<name>/index.js` with INPUT_*
 * variables (name upper-cased, hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and an event.
 */
export async function runBundledAction(name: string, inputs: Record<string, string>, env: Record<string, string> = {}, event: unknown = {}): Promise<ActionRun> {
  const dir = tempDir(`runway-action-${name}-`);
  const files = { output: join(dir, "output"), summary: join(dir, "summary"), event: join(dir, "event.json") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  writeFileSync(files.event, JSON.stringify(event));
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]));
  const child = spawn(process.execPath, [join(process.cwd(), "dist", name, "index.js")], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: process.cwd(),
      GITHUB_ACTIONS: "true",
      ...inputEnv,
      ...env,
    },
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
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(files.output, "utf8")), summary: readFileSync(files.summary, "utf8") };
}
