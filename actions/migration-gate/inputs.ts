import { readFileSync } from "node:fs";
import { configInputs, gateFields, INPUT, type InputReader } from "../../src/actions-kit/inputs.js";

/** The pull request of a pull_request event: github.sha is then its merge commit, which GitHub does not associate with it. */
function eventPullRequest(): number | undefined {
  try {
    const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? "", "utf8")) as { pull_request?: { number?: number } };
    return event.pull_request?.number;
  } catch {
    return undefined;
  }
}

export const migrationGateInputs = (read: InputReader) => ({
  environment: read.string(INPUT.environment, { required: true, what: "the environment whose live release is the base" }),
  candidate: read.string(INPUT.candidate) || process.env.GITHUB_SHA || "",
  base: read.string(INPUT.base) || undefined,
  ...gateFields(read, "."),
  ...configInputs(read),
  settings: read.string(INPUT.settings) || undefined,
  sql: read.boolean(INPUT.sql, true),
  pullRequest: eventPullRequest(),
  token: read.string(INPUT.githubToken),
});
