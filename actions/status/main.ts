import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { statusCommand } from "../../src/commands/status.js";

const inputs = {
  environment: core.getInput("environment") || undefined,
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
};

await runAction("", (ctx) => statusCommand(inputs, ctx));
