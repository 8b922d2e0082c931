import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** The action.yml defaults the runner would fill in (runBundledAction passes only what it is given). */
export function withDefaults(action: string, inputs: Record<string, string>): Record<string, string> {
  const spec = parse(readFileSync(`actions/${action}/action.yml`, "utf8")) as { inputs: Record<string, { default?: string }> };
  const defaults = Object.entries(spec.inputs).filter(([, v]) => v.default !== undefined && !String(v.default).includes("${{"));
  return { ...Object.fromEntries(defaults.map(([k, v]) => [k, String(v.default)])), ...inputs };
}
