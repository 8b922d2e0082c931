import * as core from "@actions/core";
import { gateInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { deployCommand } from "../../src/commands/deploy.js";

const inputs = {
  environment: core.getInput("environment", { required: true }),
  image: core.getInput("image", { required: true }),
  commit: core.getInput("commit") || process.env.GITHUB_SHA || "",
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
  gate: gateInputs(),
};

await runAction(core.getInput("github-token"), (ctx) => deployCommand(inputs, ctx));
