import * as core from "@actions/core";
import type { GateOptions } from "../commands/migrations.js";

/** The migration gate's inputs, shared by deploy and promote: off unless `project-dir` is set. */
export function gateInputs(): GateOptions | undefined {
  const projectDir = core.getInput("project-dir");
  if (!projectDir) return undefined;
  return { projectDir, allow: core.getInput("allow").split(/[\s,]+/).filter(Boolean), python: core.getInput("python") || "python3" };
}
