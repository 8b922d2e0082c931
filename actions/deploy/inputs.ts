import { gateInputs, INPUT, type InputReader, releaseInputs } from "../../src/actions-kit/inputs.js";

export const deployInputs = (read: InputReader) => ({
  environment: read.string(INPUT.environment, { required: true, what: "the name of an environment file in config-dir" }),
  image: read.string(INPUT.image, { required: true, what: "the image to deploy, by digest" }),
  commit: read.string(INPUT.commit) || process.env.GITHUB_SHA || "",
  ...releaseInputs(read),
  gate: gateInputs(read),
});
