// The first hour's mistakes, made with the bundled CLI: each is one clear message on stderr that
// names the flag or field, a non-zero exit, no stack trace, and no write to the emulator.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useEmulator } from "../helpers/emulator.js";
import { runCli, STACK_LINE, sandbox } from "./harness.js";

const box = sandbox();
afterAll(() => rmSync(box.root, { recursive: true, force: true }));
const emulator = useEmulator();

/** Where the CLI's API calls go: the live emulator, a dead port (gRPC or REST), or Google with no credentials. */
type Api = "emulator" | "dead-grpc" | "dead-rest" | "google";

interface Mistake {
  title: string;
  args: string[];
  /** What stderr must say: the flag or field, and what to do. */
  says: RegExp[];
  code?: number;
  api?: Api;
  env?: NodeJS.ProcessEnv;
}

const IMAGE = ["--image", "my/app:1"];
const DIGEST = `my/app@sha256:${"a".repeat(64)}`;

const MISTAKES: Mistake[] = [
  {
    title: "an unknown command, with a suggestion",
    args: ["deplyo", "--env", "dev"],
    says: [/unknown command "deplyo"/, /did you mean runway deploy\?/],
  },
  { title: "another unknown command, with a suggestion", args: ["rollbak", "--env", "prod"], says: [/did you mean runway rollback\?/] },
  { title: "help for an unknown command", args: ["help", "promot"], says: [/unknown command "promot"/, /did you mean runway promote\?/] },
  {
    title: "an unknown subcommand, with a suggestion",
    args: ["scheduler", "synk", "--env", "dev"],
    says: [/unknown subcommand "synk"/, /did you mean runway scheduler sync\?/],
  },
  { title: "a group without its subcommand", args: ["preview", "--pr", "1"], says: [/preview: needs a subcommand: deploy, cleanup/] },
  { title: "migrations without check", args: ["migrations", "--env", "dev"], says: [/migrations: needs a subcommand: check/] },
  {
    title: "an unknown flag, with a suggestion",
    args: ["deploy", "--env", "dev", "--imgae", "x", "--commit", "HEAD"],
    says: [/unknown option --imgae/, /did you mean --image\?/],
  },
  { title: "an unknown flag of promote", args: ["promote", "--too", "prod"], says: [/unknown option --too/, /did you mean --to\?/] },
  {
    title: "an unknown flag of status (its own parser)",
    args: ["status", "--fromat", "json"],
    says: [/unknown option --fromat/, /did you mean --format\?/],
  },
  {
    title: "an unknown flag of the emulator (its own parser)",
    args: ["emulator", "--gprc-port", "8085"],
    says: [/unknown option --gprc-port/, /did you mean --grpc-port\?/],
  },
  { title: "a flag that only sync takes", args: ["scheduler", "pause", "--env", "dev", "--prune"], says: [/unknown option --prune/] },
  {
    title: "a flag before the command",
    args: ["--env", "dev", "deploy"],
    says: [/unknown option --env/, /options come after the command/],
  },
  { title: "a stray argument", args: ["deploy", "dev", "--image", "a:1", "--commit", "HEAD"], says: [/unexpected argument "dev"/] },
  {
    title: "a missing required flag (--image)",
    args: ["deploy", "--env", "dev", "--commit", "HEAD"],
    says: [/--image is required/, /usage: runway deploy --env NAME --image IMAGE --commit REV/],
  },
  { title: "a missing required flag (--commit)", args: ["deploy", "--env", "dev", ...IMAGE], says: [/--commit is required/] },
  { title: "a missing required flag (--env of rollback)", args: ["rollback"], says: [/--env is required/] },
  { title: "a missing required flag (--service of import)", args: ["import", "--env", "prod"], says: [/--service is required/] },
  {
    title: "a missing required flag (--pr of preview)",
    args: ["preview", "deploy", ...IMAGE, "--commit", "HEAD"],
    says: [/--pr is required/],
  },
  { title: "a missing required flag (--candidate)", args: ["migrations", "check", "--env", "dev"], says: [/--candidate is required/] },
  { title: "a flag without its value", args: ["deploy", "--env", "--image", "a:1", "--commit", "HEAD"], says: [/--env needs a value/] },
  {
    title: "a bad --format, with a suggestion",
    args: ["deploy", "--env", "dev", ...IMAGE, "--commit", "HEAD", "--format", "jsno"],
    says: [/--format must be text or json, got "jsno"/, /did you mean json\?/],
  },
  { title: "a bad --format for status", args: ["status", "--format", "yaml"], says: [/--format must be text or json, got "yaml"/] },
  {
    title: "a value given to a switch",
    args: ["deploy", "--env", "dev", ...IMAGE, "--commit", "HEAD", "--dry-run=yes"],
    says: [/--dry-run takes no value/],
  },
  {
    title: "a tag-only image where a digest is required",
    args: ["deploy", "--env", "prod", ...IMAGE, "--commit", "HEAD"],
    says: [/image: prod requires an image by digest/],
    api: "emulator",
  },
  {
    title: "a commit that is no revision",
    args: ["deploy", "--env", "dev", ...IMAGE, "--commit", "not-a-branch"],
    says: [/--commit: "not-a-branch" does not name a commit/],
    api: "emulator",
  },
  {
    title: "an unresolvable tag as --commit",
    args: ["deploy", "--env", "dev", ...IMAGE, "--commit", "v9.9.9", "--dry-run"],
    says: [/--commit: "v9.9.9" does not name a commit/],
    api: "emulator",
  },
  {
    title: "a flag given as --commit",
    args: ["preview", "deploy", "--pr", "7", ...IMAGE, "--commit", "-x"],
    says: [/--commit: "-x" is not a git revision/],
    api: "emulator",
  },
  {
    title: "a missing environment file",
    args: ["deploy", "--env", "staging", ...IMAGE, "--commit", "HEAD"],
    says: [/no environment "staging"/, /there is: dev, prod/],
    api: "emulator",
  },
  {
    title: "a missing config directory",
    args: ["status", "--config-dir", "envs"],
    says: [/config directory .*envs does not exist/],
    api: "emulator",
  },
  {
    title: "a typo in an environment file",
    args: ["deploy", "--env", "broken", "--config-dir", "typo", ...IMAGE, "--commit", "HEAD"],
    says: [/broken\.yaml:4:1: servce: unknown key "servce" \(did you mean "service"\?\)/],
    api: "emulator",
  },
  {
    title: "a service name that is not a full name",
    args: ["import", "--env", "qa", "--service", "web"],
    says: [/service: "web" must be projects\/PROJECT\/locations\/REGION\/services\/SERVICE/],
    api: "emulator",
  },
  {
    title: "a pull request number that is not one",
    args: ["preview", "deploy", "--pr", "abc", ...IMAGE, "--commit", "HEAD"],
    says: [/pr: "abc" is not a pull request number/],
    api: "emulator",
  },
  {
    title: "a rollback of an environment never deployed",
    args: ["rollback", "--env", "dev"],
    says: [/dev has no service .*web-dev to roll back/],
    code: 1,
    api: "emulator",
  },
  {
    title: "a promotion with nothing live in the source",
    args: ["promote", "--to", "prod", "--dry-run"],
    says: [/dev has no live release to promote/],
    code: 1,
    api: "emulator",
  },
  {
    title: "a bad RUNWAY_TRANSPORT",
    args: ["status"],
    says: [/RUNWAY_TRANSPORT: must be grpc or rest, got "soap"/],
    api: "emulator",
    env: { RUNWAY_TRANSPORT: "soap" },
  },
  {
    title: "no credentials and no RUNWAY_EMULATOR_HOST",
    args: ["status"],
    says: [/no Google Cloud credentials/, /gcloud auth application-default login/, /Workload Identity Federation/, /RUNWAY_EMULATOR_HOST/],
    code: 1,
    api: "google",
  },
  {
    title: "a GOOGLE_APPLICATION_CREDENTIALS key file that is not there",
    args: ["rollback", "--env", "dev", "--dry-run"],
    says: [/no Google Cloud credentials/, /The file at \/nowhere\/key\.json does not exist/],
    code: 1,
    api: "google",
    env: { GOOGLE_APPLICATION_CREDENTIALS: "/nowhere/key.json" },
  },
  {
    title: "the emulator down (gRPC)",
    args: ["status", "--env", "dev"],
    says: [/the emulator at 127\.0\.0\.1:1 \(RUNWAY_EMULATOR_HOST\) could not be reached after 5 tries/, /runway emulator/],
    code: 1,
    api: "dead-grpc",
  },
  {
    title: "the emulator down (REST)",
    args: ["deploy", "--env", "dev", ...IMAGE, "--commit", "HEAD", "--dry-run"],
    says: [/the emulator at http:\/\/127\.0\.0\.1:1 \(RUNWAY_EMULATOR_HOST\) could not be reached after 5 tries/],
    code: 1,
    api: "dead-rest",
  },
];

function apiEnv(api: Api | undefined): NodeJS.ProcessEnv {
  if (api === "emulator") return { RUNWAY_EMULATOR_HOST: emulator.emu.grpc };
  if (api === "dead-grpc") return { RUNWAY_EMULATOR_HOST: "127.0.0.1:1" };
  if (api === "dead-rest") return { RUNWAY_EMULATOR_HOST: "http://127.0.0.1:1" };
  return {};
}

// The runner's environment (proxy, CA bundle, GIT_*) is where mistakes meet real users; the
// scrubbed one doubles the table's processes, so it runs in the full mode (docs/reliability.md).
const ENVIRONMENTS = process.env.RUNWAY_RELIABILITY_FULL === "1" ? { runner: box.runner, scrubbed: box.scrubbed } : { runner: box.runner };

function expectOneClearMessage(run: { code: number | null; stderr: string; stdout: string }, mistake: Mistake) {
  expect(run.code, run.stderr).toBe(mistake.code ?? 2);
  for (const pattern of mistake.says) expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(/unexpected error|bug in Runway|Warning:/);
  // One message: a single "runway:" line (the usage hint may follow it).
  expect(run.stderr.match(/^runway: /gm)).toHaveLength(1);
}

it("has at least 25 mistakes", () => {
  expect(MISTAKES.length).toBeGreaterThanOrEqual(25);
});

describe.each(Object.entries(ENVIRONMENTS))("a mistake, without the emulator (%s environment)", (_, env) => {
  it.concurrent.each(MISTAKES.filter((m) => m.api !== "emulator").map((m) => [m.title, m] as const))("%s", async (_title, mistake) => {
    const run = await runCli(mistake.args, { env: { ...env, ...apiEnv(mistake.api), ...mistake.env }, cwd: box.repo });
    expectOneClearMessage(run, mistake);
  });
});

describe.each(Object.entries(ENVIRONMENTS))("a mistake against the emulator (%s environment): nothing written", (_, env) => {
  it.each(MISTAKES.filter((m) => m.api === "emulator").map((m) => [m.title, m] as const))("%s", async (_title, mistake) => {
    const run = await runCli(mistake.args, { env: { ...env, ...apiEnv(mistake.api), ...mistake.env }, cwd: box.repo });
    expectOneClearMessage(run, mistake);
    expect((await emulator.calls()).filter((call) => call.mutating)).toEqual([]);
  });
});

describe("a git revision as --commit", () => {
  it.each(Object.entries(ENVIRONMENTS))("deploy --commit HEAD resolves to the sha (%s environment)", async (_, env) => {
    const run = await runCli(["deploy", "--env", "dev", "--image", DIGEST, "--commit", "HEAD", "--dry-run", "--format", "json"], {
      env: { ...env, ...apiEnv("emulator") },
      cwd: box.repo,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).plan.release.commit).toBe(box.head);
    expect((await emulator.calls()).filter((call) => call.mutating)).toEqual([]);
  });

  it("a branch name and a short sha are accepted too, and deploy for real", async () => {
    const branch = await runCli(["deploy", "--env", "dev", "--image", DIGEST, "--commit", "main", "--dry-run", "--format", "json"], {
      env: { ...box.runner, ...apiEnv("emulator") },
      cwd: box.repo,
    });
    expect(JSON.parse(branch.stdout).plan.release.commit).toBe(box.head);
    const real = await runCli(["deploy", "--env", "dev", "--image", DIGEST, "--commit", box.head.slice(0, 10), "--format", "json"], {
      env: { ...box.runner, ...apiEnv("emulator") },
      cwd: box.repo,
      timeoutMs: 60_000,
    });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(box.head.slice(0, 7));
  });
});

describe("retries", () => {
  it("an unreachable emulator gives one warning per call, not one per try", async () => {
    const run = await runCli(["status", "--env", "dev"], { env: { ...box.runner, RUNWAY_EMULATOR_HOST: "127.0.0.1:1" }, cwd: box.repo });
    expect(run.code).toBe(1);
    const warned = (run.stderr.match(/^warning: .*$/gm) ?? []).map((line) => line.split(":")[1]);
    expect(warned.length).toBeGreaterThan(0);
    expect(new Set(warned).size).toBe(warned.length);
    expect(run.stderr).toMatch(/attempt 2 of 5 in 250 ms/);
  });
});
