import { configInputs, INPUT, type InputReader } from "../../src/actions-kit/inputs.js";

export const statusInputs = (read: InputReader) => ({
  environment: read.string(INPUT.environment) || undefined,
  ...configInputs(read),
});
