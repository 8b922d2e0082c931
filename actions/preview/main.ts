import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { runAction } from "../../src/actions-kit/run.js";
import { previewCommand } from "../../src/commands/preview.js";

interface PullRequestEvent {
  action?: string;
  number?: number;
  pull_request?: { number?: number; head?: { sha?: string; repo?: { full_name?: string } } };
}

// The event is read as data only: nothing from it reaches a shell.
const event: PullRequestEvent = process.env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : {};
const pr = event.pull_request;
const command = core.getInput("command") || "auto";

const inputs = {
  action: (command === "auto" ? (event.action === "closed" ? "cleanup" : "deploy") : command) as "deploy" | "cleanup",
  pr: core.getInput("pr") || String(pr?.number ?? event.number ?? ""),
  image: core.getInput("image") || undefined,
  commit: core.getInput("commit") || pr?.head?.sha || undefined,
  fork: !!pr?.head?.repo?.full_name && pr.head.repo.full_name !== process.env.GITHUB_REPOSITORY,
  environment: core.getInput("environment") || "dev",
  configDir: core.getInput("config-dir") || "environments",
  root: process.env.GITHUB_WORKSPACE || process.cwd(),
};

await runAction(core.getInput("github-token"), (ctx) => previewCommand(inputs, ctx));
