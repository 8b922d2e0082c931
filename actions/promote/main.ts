import { configInputs, gateInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { promoteCommand } from "../../src/commands/promote.js";

await runAction({
  inputs: (read) => ({
    to: read.string("environment", { required: true, what: "the environment to promote to, e.g. qa" }),
    release: read.string("release") || undefined,
    reason: read.string("reason"),
    dryRun: read.boolean("dry-run"),
    ...configInputs(read),
    gate: gateInputs(read),
    token: read.string("github-token"),
  }),
  heading: (i) => `Runway promote to ${i.to || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) the promotion of" : "promote"} ${i.release ? `release ${i.release}` : "the release live in the source environment"} to ${i.to || "(no environment given)"}${i.reason ? ` (reason: ${i.reason})` : ""}`,
  token: (i) => i.token,
  run: (i, ctx) => promoteCommand(i, ctx),
});
