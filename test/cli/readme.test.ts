// The README's Quick start: exactly two command lines, each standing on its own in a fresh clone
// (so each installs what it needs), and the second is what CI runs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? "";
const lines = block.split("\n").filter((line) => line.trim() !== "");
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

describe("README Quick start", () => {
  it("holds exactly two command lines", () => {
    expect(lines).toHaveLength(2);
  });

  it("line 1 installs and runs the demo", () => {
    expect(lines[0]).toMatch(/^npm ci && npm run demo$/);
    expect(scripts.demo).toContain("runway/index.js demo");
  });

  it("line 2 installs and runs the whole test suite: it does not rely on line 1", () => {
    expect(lines[1]).toMatch(/^npm ci && npm test$/);
    // The whole suite, under a supported Node (scripts/node.sh uses the machine's when it is one).
    expect(scripts.test).toBe("sh scripts/node.sh exec vitest run");
  });

  it(".ci/run runs the README's test line, as it is", () => {
    const ci = readFileSync(".ci/run", "utf8");
    const extract = /^test_line=\$\((.*)\)$/m.exec(ci)?.[1];
    expect(extract).toBeDefined();
    expect(execFileSync("bash", ["-c", extract as string], { encoding: "utf8" }).trim()).toBe(lines[1]);
    // Once per supported Node major, each leg passing the line through unchanged.
    expect(ci).toMatch(/for version in "\$\(cat \.node-version\)" 22\.[0-9.]+; do/);
    expect(ci).toMatch(/bash -euo pipefail -c "\$0"\n {2}' "\$test_line"/);
  });
});
