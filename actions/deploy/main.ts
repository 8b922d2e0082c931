import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { deployCommand } from "../../src/commands/deploy.js";

const inputs = {
  environment: core.getInput("environment", { required: true }),
  image: core.getInput("image", { required: true }),
  commit: core.getInput("commit") || process.env.GITHUB_SHA || "",
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
  // The migration gate is off unless project-dir is set.
  gate: core.getInput("project-dir")
    ? { projectDir: core.getInput("project-dir"), allow: core.getInput("allow").split(/[\s,]+/).filter(Boolean), python: core.getInput("python") || "python3" }
    : undefined,
};

await runAction(core.getInput("github-token"), (ctx) => deployCommand(inputs, ctx));
