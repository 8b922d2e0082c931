// scripts/node.sh: the npm scripts run under a supported Node even on a machine whose own Node is
// older (Node 20 is past end of life), and leave a supported one alone.
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

const pinned = readFileSync(".node-version", "utf8").trim();

function run(path: string) {
  return spawnSync("sh", ["scripts/node.sh", "exec", "node", "-p", "process.version"], {
    encoding: "utf8",
    env: { ...process.env, PATH: path },
  });
}

describe("scripts/node.sh", () => {
  it("keeps the machine's Node when it is 22 or newer", () => {
    const result = run(process.env.PATH ?? "");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(process.version);
    expect(result.stderr).toBe("");
  });

  it("runs a machine on Node 20 under the pinned version from the npm registry, and says so", () => {
    const fake = tempDir("old-node");
    // A stand-in Node 20 in front of PATH: it answers the version probe, as the real one would.
    writeFileSync(join(fake, "node"), "#!/bin/sh\necho 20\n");
    chmodSync(join(fake, "node"), 0o755);
    const result = run(`${fake}:${process.env.PATH}`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`v${pinned}`);
    expect(result.stderr).toMatch(/this machine's Node is 20, older than Runway supports \(>=22\)/);
  });

  it("the pinned version satisfies package.json's engines", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(">=22");
    expect(Number(pinned.split(".")[0])).toBeGreaterThanOrEqual(22);
  });
});
