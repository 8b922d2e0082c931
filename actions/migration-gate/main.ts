import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { migrationsCheckCommand, splitList } from "../../src/commands/migrations.js";

/** The pull request of a pull_request event: github.sha is then its merge commit, which GitHub does not associate with it. */
function eventPullRequest(): number | undefined {
  try {
    const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? "", "utf8")) as { pull_request?: { number?: number } };
    return event.pull_request?.number;
  } catch {
    return undefined;
  }
}

const inputs = {
  environment: core.getInput("environment", { required: true }),
  candidate: core.getInput("candidate") || process.env.GITHUB_SHA || "",
  base: core.getInput("base") || undefined,
  projectDir: core.getInput("project-dir") || ".",
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
  allow: splitList(core.getInput("allow")),
  python: core.getInput("python") || "python3",
  settings: core.getInput("settings") || undefined,
  sql: core.getInput("sql") !== "false",
  pullRequest: eventPullRequest(),
};

await runAction(core.getInput("github-token"), (ctx) => migrationsCheckCommand(inputs, ctx));
