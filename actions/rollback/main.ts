import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { rollbackCommand } from "../../src/commands/rollback.js";

const inputs = {
  environment: core.getInput("environment", { required: true }),
  to: core.getInput("to") || undefined,
  reason: core.getInput("reason"),
  force: core.getBooleanInput("force"),
  migrateBack: core.getBooleanInput("migrate-back"),
  dryRun: core.getBooleanInput("dry-run"),
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
};

await runAction(core.getInput("github-token"), (ctx) => rollbackCommand(inputs, ctx));
