import { runAction } from "../../src/actions-kit/run.js";
import { migrationsCheckCommand } from "../../src/commands/migrations.js";
import { migrationGateInputs } from "./inputs.js";

await runAction({
  inputs: migrationGateInputs,
  heading: (i) => `Migration gate: ${i.environment || "(no environment given)"}`,
  attempted: (i) =>
    `check the migrations of ${i.candidate ? `commit ${i.candidate.slice(0, 12)}` : "the candidate"} against ${i.base ? `commit ${i.base.slice(0, 12)}` : "the release live in"} ${i.base ? "" : i.environment || "(no environment given)"}`.trim(),
  run: migrationsCheckCommand,
});
