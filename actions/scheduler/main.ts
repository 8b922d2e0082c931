import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";

const inputs = {
  environment: core.getInput("environment", { required: true }),
  command: core.getInput("command") || "sync",
  prune: core.getBooleanInput("prune"),
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
};

await runAction("", (ctx) => schedulerCommand(inputs, ctx));
