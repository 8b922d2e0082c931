import { readFileSync } from "node:fs";
import { configInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";

/** The pull request of a pull_request event: github.sha is then its merge commit, which GitHub does not associate with it. */
function eventPullRequest(): number | undefined {
  try {
    const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? "", "utf8")) as { pull_request?: { number?: number } };
    return event.pull_request?.number;
  } catch {
    return undefined;
  }
}

await runAction({
  inputs: (read) => ({
    environment: read.string("environment", { required: true, what: "the environment whose live release is the base" }),
    candidate: read.string("candidate") || process.env.GITHUB_SHA || "",
    base: read.string("base") || undefined,
    projectDir: read.string("project-dir", { default: "." }),
    ...configInputs(read),
    allow: read.list("allow"),
    python: read.string("python", { default: "python3" }),
    settings: read.string("settings") || undefined,
    sql: read.boolean("sql", true),
    pullRequest: eventPullRequest(),
    token: read.string("github-token"),
  }),
  heading: (i) => `Migration gate: ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `check the migrations of ${i.candidate ? `commit ${i.candidate.slice(0, 12)}` : "the candidate"} against ${i.base ? `commit ${i.base.slice(0, 12)}` : "the release live in"} ${i.base ? "" : i.environment || "(no environment given)"}`.trim(),
  token: (i) => i.token,
  run: (i, ctx) => migrationsCheckCommand(i, ctx),
});
