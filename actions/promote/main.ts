import * as core from "@actions/core";
import { gateInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { promoteCommand } from "../../src/commands/promote.js";

const inputs = {
  to: core.getInput("environment", { required: true }),
  release: core.getInput("release") || undefined,
  reason: core.getInput("reason"),
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
  gate: gateInputs(),
};

await runAction(core.getInput("github-token"), (ctx) => promoteCommand(inputs, ctx));
