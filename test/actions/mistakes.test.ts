// The first hour with the actions: each mistake a newcomer makes in a workflow's `with:` or in
// an environment file, run as the runner runs the bundle. Every one ends the same way: one
// ::error naming the input or field, a non-zero exit, no stack, a job summary with a heading
// that says what was attempted and why it stopped, an `outcome` output, and no write to Cloud Run.
import { beforeAll, describe, expect, it } from "vitest";
import { runBundledAction } from "../helpers/action.js";
import { workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();
let root: string;
let broken: string;

beforeAll(() => {
  root = workspace();
  // qa's first rollout step asks for 0%: a field error at a known line.
  broken = workspace({ qa: (y) => y.replace(/- percent: 50/, "- percent: 0") });
});

const deploy = { environment: "dev", image: digest(1), commit: sha(1), "dry-run": "false", "config-dir": "environments" };
const promote = { environment: "qa", release: "", reason: "", "dry-run": "false", "config-dir": "environments" };
const rollback = {
  environment: "qa",
  to: "",
  reason: "",
  force: "false",
  "migrate-back": "false",
  "dry-run": "false",
  "config-dir": "environments",
};
const scheduler = { environment: "qa", command: "sync", prune: "false", "dry-run": "false", "config-dir": "environments" };

interface Mistake {
  action: string;
  inputs: Record<string, string>;
  /** What the single ::error line must name. */
  names: RegExp;
  outcome?: string;
  /** Runs in the workspace whose qa.yaml is broken. */
  brokenConfig?: boolean;
}

const MISTAKES: [string, Mistake][] = [
  [
    "deploy: dry-run is not a boolean",
    {
      action: "deploy",
      inputs: { ...deploy, "dry-run": "maybe" },
      names: /^::error::dry-run: must be true or false \(accepted: true, True, TRUE, false, False, FALSE\), got "maybe"$/,
    },
  ],
  ["deploy: dry-run is yes", { action: "deploy", inputs: { ...deploy, "dry-run": "yes" }, names: /dry-run: must be true or false/ }],
  ["deploy: no environment", { action: "deploy", inputs: { ...deploy, environment: "" }, names: /^::error::environment: is required/ }],
  ["deploy: no image", { action: "deploy", inputs: { ...deploy, image: "" }, names: /^::error::image: is required/ }],
  [
    "deploy: an image that is not an image reference",
    { action: "deploy", inputs: { ...deploy, image: "not an image!" }, names: /^::error::image: / },
  ],
  [
    "deploy: a tag where qa requires a digest",
    {
      action: "deploy",
      inputs: { ...deploy, environment: "qa", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:latest" },
      names: /^::error::image: .*digest/,
    },
  ],
  ["deploy: a commit that is not a sha", { action: "deploy", inputs: { ...deploy, commit: "main" }, names: /^::error::commit: / }],
  [
    "deploy: an unknown environment",
    {
      action: "deploy",
      inputs: { ...deploy, environment: "staging" },
      names: /^::error::environment: .*no environment "staging".*there is: dev, prod, qa/,
    },
  ],
  [
    "deploy: an environment name that is a path",
    { action: "deploy", inputs: { ...deploy, environment: "../etc" }, names: /^::error::environment name "\.\.\/etc" is not valid/ },
  ],
  [
    "deploy: a config field out of range",
    {
      action: "deploy",
      inputs: { ...deploy, environment: "qa" },
      brokenConfig: true,
      names: /^::error title=rollout\.steps\[0\]\.percent,file=environments\/qa\.yaml,line=\d+,col=\d+::.*must be between 1 and 100/,
    },
  ],
  [
    "promote: dry-run is not a boolean",
    { action: "promote", inputs: { ...promote, "dry-run": "1" }, names: /^::error::dry-run: must be true or false/ },
  ],
  ["promote: no environment", { action: "promote", inputs: { ...promote, environment: "" }, names: /^::error::environment: is required/ }],
  [
    "promote: to an environment that receives deploys",
    { action: "promote", inputs: { ...promote, environment: "dev" }, names: /^::error::to: dev has no promotes-from environment/ },
  ],
  [
    "promote: to an unknown environment",
    { action: "promote", inputs: { ...promote, environment: "staging" }, names: /^::error::to: no environment named "staging"/ },
  ],
  [
    "rollback: force is yes",
    { action: "rollback", inputs: { ...rollback, force: "yes" }, names: /^::error::force: must be true or false/ },
  ],
  [
    "rollback: migrate-back is 1",
    { action: "rollback", inputs: { ...rollback, "migrate-back": "1" }, names: /^::error::migrate-back: must be true or false/ },
  ],
  [
    "rollback: no environment",
    { action: "rollback", inputs: { ...rollback, environment: "" }, names: /^::error::environment: is required/ },
  ],
  [
    "scheduler: an unknown command",
    {
      action: "scheduler",
      inputs: { ...scheduler, command: "restart" },
      names: /^::error::command: must be one of sync, pause, resume, got "restart"/,
    },
  ],
  [
    "scheduler: prune with pause",
    { action: "scheduler", inputs: { ...scheduler, command: "pause", prune: "true" }, names: /^::error::prune: applies only to sync/ },
  ],
  [
    "scheduler: dry-run is on",
    { action: "scheduler", inputs: { ...scheduler, "dry-run": "on" }, names: /^::error::dry-run: must be true or false/ },
  ],
  [
    "status: an unknown environment",
    {
      action: "status",
      inputs: { environment: "staging", "config-dir": "environments" },
      names: /^::error::environment: no environment named "staging"/,
    },
  ],
  [
    "preview: an unknown command",
    {
      action: "preview",
      inputs: { command: "redeploy", pr: "7", image: digest(1), commit: sha(1), environment: "dev", "config-dir": "environments" },
      names: /^::error::command: must be one of auto, deploy, cleanup/,
    },
  ],
  [
    "preview: a pr that is not a number",
    {
      action: "preview",
      inputs: { command: "deploy", pr: "seven", image: digest(1), commit: sha(1), environment: "dev", "config-dir": "environments" },
      names: /^::error::pr: "seven" is not a pull request number/,
    },
  ],
  [
    "migration-gate: sql is not a boolean",
    {
      action: "migration-gate",
      inputs: { environment: "qa", sql: "no", "config-dir": "environments" },
      names: /^::error::sql: must be true or false/,
    },
  ],
  [
    "migration-gate: no environment",
    { action: "migration-gate", inputs: { environment: "", "config-dir": "environments" }, names: /^::error::environment: is required/ },
  ],
];

describe("an action given a user mistake, run as the runner runs it", () => {
  it.each(MISTAKES)("%s", async (_, mistake) => {
    const run = await runBundledAction(mistake.action, mistake.inputs, {
      RUNWAY_EMULATOR_HOST: fx.emu.grpc,
      GITHUB_WORKSPACE: mistake.brokenConfig ? broken : root,
      GITHUB_SHA: sha(1),
    });
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error"));
    expect(errors, run.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(mistake.names);
    expect(run.code).not.toBe(0);
    const stack = `${run.stdout}\n${run.stderr}`.split("\n").filter((l) => /^\s+at /.test(l));
    expect(stack).toEqual([]);
    expect(run.stderr).toBe("");
    expect(run.summary).toMatch(/^## Runway .+: ❌ invalid (input|configuration)$|^## Migration gate: .+: ❌ invalid input$/m);
    expect(run.summary).toContain("**Attempted:**");
    expect(run.summary).toContain("**Why it stopped:**");
    expect(run.outputs.outcome).toBe(mistake.outcome ?? "invalid");
    expect((await fx.calls()).filter((c) => c.mutating)).toEqual([]);
  });

  it("accepts every boolean spelling GitHub documents", async () => {
    for (const value of ["true", "True", "TRUE"]) {
      const run = await runBundledAction(
        "deploy",
        { ...deploy, "dry-run": value },
        { RUNWAY_EMULATOR_HOST: fx.emu.grpc, GITHUB_WORKSPACE: root },
      );
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.outcome).toBe("dry-run");
      // A dry run creates no revision: it is only planned.
      expect(run.outputs.revision).toBe("");
      expect(run.outputs["planned-revision"]).toMatch(/^web-dev-0000001-/);
    }
    expect((await fx.calls()).filter((c) => c.mutating)).toEqual([]);
  });
});
