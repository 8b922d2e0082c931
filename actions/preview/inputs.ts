import { readFileSync } from "node:fs";
import { configInputs, INPUT, type InputReader } from "../../src/actions-kit/inputs.js";

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

/** The inputs, with what the pull_request event says where they are empty. */
export const previewInputs = (read: InputReader, event = readEvent()) => {
  const pr = event.pull_request;
  const command = read.choice(INPUT.command, ["auto", "deploy", "cleanup"] as const, "auto");
  return {
    action: (command === "auto" ? (event.action === "closed" ? "cleanup" : "deploy") : command) as "deploy" | "cleanup",
    pr: read.string(INPUT.pr) || String(pr?.number ?? event.number ?? ""),
    image: read.string(INPUT.image) || undefined,
    commit: read.string(INPUT.commit) || pr?.head?.sha || undefined,
    fork: !!pr?.head?.repo?.full_name && pr.head.repo.full_name !== process.env.GITHUB_REPOSITORY,
    environment: read.string(INPUT.environment, { default: "dev" }),
    ...configInputs(read),
    token: read.string(INPUT.githubToken),
  };
};
