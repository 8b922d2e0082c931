import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/story.js";

const children = () => execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" }).split("\n").filter((l) => /gunicorn|postgres|manage\.py/.test(l));

describe("npm run demo", () => {
  it("tells the whole story and leaves each environment in the expected state, with nothing left running", { timeout: 180_000 }, async () => {
    const result = await runDemo();
    const byEnv = Object.fromEntries(result.statuses.map((s) => [s.environment, s]));
    // dev runs #9 (merged), qa runs #9 (promoted; #8 failed at its canary and was rolled back),
    // prod was promoted #7, refused #9 (migration gate) and was rolled back to the bootstrap release.
    expect(byEnv.dev?.live?.release).toBe(byEnv.qa?.live?.release);
    expect(byEnv.prod?.live?.release).not.toBe(byEnv.qa?.live?.release);
    expect(byEnv.prod?.waiting?.release).toBe(byEnv.qa?.live?.release);
    for (const env of ["dev", "qa", "prod"]) {
      expect(byEnv[env]?.live?.state).toBe("healthy");
      expect(byEnv[env]?.traffic.filter((t) => t.percent > 0)).toEqual([expect.objectContaining({ revision: byEnv[env]?.live?.revision, percent: 100 })]);
    }
    expect(result.summaries.every((f) => existsSync(f))).toBe(true);
    expect(children()).toEqual([]);
  });
});
