import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBundle } from "./process.js";
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

/** Writes a real, short-lived CA certificate into `dir`, as a corporate proxy's bundle would be. */
export function writeCaBundle(dir: string): string {
  const pem = join(dir, "corp-ca.pem");
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Runway Test CA"];
  execFileSync("openssl", [...args, "-keyout", join(dir, "corp-ca.key"), "-out", pem], { stdio: "ignore" });
  return pem;
}

let pem: string | undefined;
/** One CA bundle per test file. */
function caBundle(): string {
  pem ??= writeCaBundle(tempDir("runway-ca-"));
  return pem;
}

/**
 * What a GitHub-hosted runner sets besides the step's own variables: its temp and tool folders,
 * and (as behind a corporate proxy) a proxy with loopback excepted and a CA bundle for git and Node.
 */
function runnerEnvironment(): Record<string, string> {
  const ca = caBundle();
  const proxy = "http://127.0.0.1:9";
  return {
    CI: "true",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_TEMP: tempDir("runway-runner-temp-"),
    GITHUB_REPOSITORY: "acme/web",
    GITHUB_RUN_ID: "4242",
    GIT_SSL_CAINFO: ca,
    GIT_TERMINAL_PROMPT: "0",
    NODE_EXTRA_CA_CERTS: ca,
    SSL_CERT_FILE: ca,
    HTTPS_PROXY: proxy,
    HTTP_PROXY: proxy,
    https_proxy: proxy,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
  };
}

/**
 * Runs a bundled action exactly as the runner does: `node dist/<name>/index.js` with INPUT_*
 * variables (name upper-cased, hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and an event.
 */
export async function runBundledAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  event: unknown = {},
): Promise<ActionRun> {
  const dir = tempDir(`runway-action-${name}-`);
  const files = { output: join(dir, "output"), summary: join(dir, "summary"), event: join(dir, "event.json") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  writeFileSync(files.event, JSON.stringify(event));
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]));
  const childEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_WORKSPACE: process.cwd(),
    GITHUB_ACTIONS: "true",
    ...runnerEnvironment(),
    ...inputEnv,
    ...env,
  };
  // Generous: the test's own timeout is what should fail a slow action.
  const { code, stdout, stderr } = await runBundle(join("dist", name, "index.js"), [], { env: childEnv, timeoutMs: 600_000 });
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(files.output, "utf8")), summary: readFileSync(files.summary, "utf8") };
}
