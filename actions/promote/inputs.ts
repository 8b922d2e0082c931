import { gateInputs, INPUT, type InputReader, releaseInputs } from "../../src/actions-kit/inputs.js";

export const promoteInputs = (read: InputReader) => ({
  to: read.string(INPUT.environment, { required: true, what: "the environment to promote to, e.g. qa" }),
  release: read.string(INPUT.release) || undefined,
  reason: read.string(INPUT.reason),
  ...releaseInputs(read),
  gate: gateInputs(read),
});
