import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { promoteCommand } from "../../src/commands/promote.js";

const inputs = {
  to: core.getInput("environment", { required: true }),
  release: core.getInput("release") || undefined,
  reason: core.getInput("reason"),
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
  // The migration gate is off unless project-dir is set.
  gate: core.getInput("project-dir")
    ? { projectDir: core.getInput("project-dir"), allow: core.getInput("allow").split(/[\s,]+/).filter(Boolean), python: core.getInput("python") || "python3" }
    : undefined,
};

await runAction(core.getInput("github-token"), (ctx) => promoteCommand(inputs, ctx));
