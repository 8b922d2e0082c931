import { readFileSync } from "node:fs";
import { configInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { previewCommand } from "../../src/commands/preview.js";

interface PullRequestEvent {
  action?: string;
  number?: number;
  pull_request?: { number?: number; head?: { sha?: string; repo?: { full_name?: string } } };
}

// The event is read as data only: nothing from it reaches a shell.
function readEvent(): PullRequestEvent {
  try {
    return process.env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")) : {};
  } catch {
    return {};
  }
}
const event = readEvent();
const pr = event.pull_request;

await runAction({
  inputs: (read) => {
    const command = read.choice("command", ["auto", "deploy", "cleanup"] as const, "auto");
    return {
      action: (command === "auto" ? (event.action === "closed" ? "cleanup" : "deploy") : command) as "deploy" | "cleanup",
      pr: read.string("pr") || String(pr?.number ?? event.number ?? ""),
      image: read.string("image") || undefined,
      commit: read.string("commit") || pr?.head?.sha || undefined,
      fork: !!pr?.head?.repo?.full_name && pr.head.repo.full_name !== process.env.GITHUB_REPOSITORY,
      environment: read.string("environment", { default: "dev" }),
      ...configInputs(read),
      token: read.string("github-token"),
    };
  },
  heading: (i) => `Runway preview of #${i.pr || "?"} in ${i.environment}`,
  attempted: (i) =>
    i.action === "cleanup"
      ? `remove the preview of pull request #${i.pr || "?"} from ${i.environment}`
      : `deploy ${i.image ?? "(no image given)"} as the preview of pull request #${i.pr || "?"} in ${i.environment}`,
  token: (i) => i.token,
  run: (i, ctx) => previewCommand(i, ctx),
});
