import { INPUT, type InputReader, releaseInputs } from "../../src/actions-kit/inputs.js";

export const rollbackInputs = (read: InputReader) => ({
  environment: read.string(INPUT.environment, { required: true, what: "the environment to roll back" }),
  to: read.string(INPUT.to) || undefined,
  reason: read.string(INPUT.reason),
  force: read.boolean(INPUT.force),
  migrateBack: read.boolean(INPUT.migrateBack),
  ...releaseInputs(read),
});
