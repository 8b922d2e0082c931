import { configInputs, gateInputs } from "../../src/actions-kit/inputs.js";
import { runAction } from "../../src/actions-kit/run.js";
import { deployCommand } from "../../src/commands/deploy.js";

await runAction({
  inputs: (read) => ({
    environment: read.string("environment", { required: true, what: "the name of an environment file in config-dir" }),
    image: read.string("image", { required: true, what: "the image to deploy, by digest" }),
    commit: read.string("commit") || process.env.GITHUB_SHA || "",
    dryRun: read.boolean("dry-run"),
    ...configInputs(read),
    gate: gateInputs(read),
    token: read.string("github-token"),
  }),
  heading: (i) => `Runway deploy to ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `${i.dryRun ? "plan (dry run) a deploy of" : "deploy"} ${i.image || "(no image given)"}${i.commit ? ` (commit ${i.commit.slice(0, 12)})` : ""} to ${i.environment || "(no environment given)"}`,
  token: (i) => i.token,
  run: (i, ctx) => deployCommand(i, ctx),
});
