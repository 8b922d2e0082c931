// Runs the bundled CLI (dist/runway/index.js) as a user would: a child process, in a git
// checkout of its own, under a GitHub-hosted-runner-like environment or a scrubbed one.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeCaBundle } from "../helpers/action.js";
import { type ProcessRun, runBundle } from "../helpers/process.js";
import { tempDir } from "../helpers/tmp.js";

export const CLI = resolve("dist/runway/index.js");

export type Run = ProcessRun;

export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<Run> {
  return runBundle(CLI, args, options);
}

const DEV = `name: dev
project: demo-project
region: asia-northeast3
require-digest: false
service:
  name: web-dev
  port: 8080
checks:
  - name: health
    path: /healthz
    expect-status: 200
rollout:
  steps:
    - percent: 100
`;

const PROD = `name: prod
project: demo-project
region: asia-northeast3
promotes-from: dev
service:
  name: web-prod
rollout:
  steps:
    - percent: 100
`;

const BROKEN = `name: broken
project: demo-project
region: asia-northeast3
servce:
  name: web-broken
`;

export interface Sandbox {
  root: string;
  repo: string;
  head: string;
  pem: string;
  /** A GitHub-hosted runner's environment: proxy, CA bundle, RUNNER_TEMP and the rest. */
  runner: NodeJS.ProcessEnv;
  /** Nothing but PATH and an empty HOME. */
  scrubbed: NodeJS.ProcessEnv;
}

/** A git checkout with environment files (dev and prod; typo/broken.yaml has a typo), and the two environments. */
export function sandbox(): Sandbox {
  const root = tempDir("runway-cli-");
  const repo = join(root, "repo");
  const home = join(root, "home");
  const runnerTemp = join(root, "runner-temp");
  for (const dir of [join(repo, "environments"), join(repo, "typo"), home, runnerTemp]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(repo, "environments", "dev.yaml"), DEV);
  writeFileSync(join(repo, "environments", "prod.yaml"), PROD);
  writeFileSync(join(repo, "typo", "broken.yaml"), BROKEN);
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repo,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1" },
    }).trim();
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.email=ci@example.com", "-c", "user.name=CI", "commit", "-qm", "environments");
  const head = git("rev-parse", "HEAD");
  const pem = writeCaBundle(root);
  const scrubbed = { PATH: process.env.PATH, HOME: home };
  const runner = {
    ...scrubbed,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: repo,
    GITHUB_REPOSITORY: "acme/web",
    GITHUB_SHA: head,
    GITHUB_REF: "refs/heads/main",
    GITHUB_RUN_ID: "4242",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(root, "toolcache"),
    GIT_SSL_CAINFO: pem,
    NODE_EXTRA_CA_CERTS: pem,
    SSL_CERT_FILE: pem,
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    https_proxy: "http://127.0.0.1:9",
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    LANG: "C.UTF-8",
    TZ: "UTC",
  };
  return { root, repo, head, pem, runner, scrubbed };
}

/** A line of a stack trace. */
export const STACK_LINE = /^\s+at /m;
