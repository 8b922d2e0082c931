import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo/story.js";

const children = () =>
  execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((l) => /gunicorn|postgres|manage\.py/.test(l));

describe("npm run demo", () => {
  it("tells the whole story and leaves each environment in the expected state, with nothing left running", {
    timeout: 180_000,
  }, async () => {
    let transcript = "";
    const result = await runDemo({ write: (text) => (transcript += text) });
    const byEnv = Object.fromEntries(result.statuses.map((s) => [s.environment, s]));
    // dev runs #9 (merged), qa runs #9 (promoted; #8 failed at its canary and was rolled back),
    // prod was promoted #7, refused #9 (migration gate) and was rolled back to the bootstrap release;
    // the hotfix #10 deployed to it then failed its canary analysis, which put that release back.
    expect(byEnv.dev?.live?.release).toBe(byEnv.qa?.live?.release);
    expect(byEnv.prod?.live?.release).not.toBe(byEnv.qa?.live?.release);
    expect(byEnv.prod?.waiting?.release).toBe(byEnv.qa?.live?.release);
    for (const env of ["dev", "qa", "prod"]) {
      expect(byEnv[env]?.live?.state).toBe("healthy");
      expect(byEnv[env]?.traffic.filter((t) => t.percent > 0)).toEqual([
        expect.objectContaining({ revision: byEnv[env]?.live?.revision, percent: 100 }),
      ]);
    }
    expect(result.summaries.every((f) => existsSync(f))).toBe(true);
    expect(children()).toEqual([]);

    // The transcript: each step numbered once, by the story, in order.
    const lines = transcript.split("\n");
    const steps = lines.filter((l) => / \d+ ms {2}/.test(l));
    expect(steps).toHaveLength(15);
    expect(
      steps.every((l) => !/^\s*\d+\.\s+\d+\./.test(l)),
      "a step numbered twice",
    ).toBe(true);
    expect(steps.map((l) => /^(\d+)\. /.exec(l)?.[1]).filter(Boolean)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(steps.find((l) => l.includes("PR #7 opened"))).toMatch(/^1\. PR #7 opened: preview +\d+ ms/);
    // A simulated wait is printed under the step it belongs to: the canary steps, never above them.
    const waited = lines.flatMap((l, i) => (l.includes("(waited ") ? [i] : []));
    expect(waited.length).toBeGreaterThan(0);
    for (const i of waited) {
      let above = i - 1;
      while (lines[above]?.includes("(waited ")) above--;
      expect(lines[above], `the step above line ${i}`).toMatch(/(promote|hotfix) .* \d+ ms {2}/);
    }
    const qaCanary = lines.findIndex((l) => l.startsWith("3. promote #7 to qa"));
    expect(lines[qaCanary + 1]).toMatch(/^ +\(waited 2m of canary time, simulated\)$/);
    // The hotfix with 4% of 5xx passes its smoke checks and is caught by the analysis at 10%,
    // over the users the demo sends while it skips the step's five minutes.
    const hotfix = lines.findIndex((l) => l.startsWith("7. hotfix #10 to prod"));
    expect(lines[hotfix]).toMatch(
      /failed at traffic 10%: canary analysis failed: 5xx ratio [\d.]+% breaks ≤ 1%, stable 0%.* → traffic restored automatically$/,
    );
    expect(lines[hotfix + 1]).toMatch(/^ +\(waited 5m of canary time, simulated\)$/);
    // The final status is a terminal table, not Markdown.
    expect(transcript).toMatch(/\nRunway status\n\nenvironment +release/);
    expect(transcript).not.toMatch(/```|<code>|mermaid/);

    // The summaries read the demo's git history: no "shallow clone", and the promotion that ran a
    // migration names it rather than saying no migration files changed.
    const summaries = result.summaries.map((f) => ({ f, text: readFileSync(f, "utf8") }));
    for (const { f, text } of summaries) {
      expect(text, f).not.toContain("not in the local history");
      expect(text, f).not.toContain("shallow clone");
      if (/applied \d+ migration\(s\)/.test(text)) expect(text, f).not.toContain("No migration files changed");
    }
    const caught = summaries.find((s) => s.f.endsWith("15-hotfix-10-to-prod-4-5xx-checks-pass.md"))?.text ?? "";
    expect(caught).toContain("## Runway deploy to prod: ❌ failed at **traffic 10%**");
    expect(caught).toMatch(/\*\*traffic 10%\*\*: ❌ failed\. .* over [\d.]+ min, \d+ canary requests, \d+ stable\./);
    expect(caught).toMatch(/\| 5xx ratio \| [\d.]+% \| 0% \| ≤ 1% \| ❌ fail \|/);
    expect(caught).toContain('title "5xx ratio (%): canary bars, stable and limit lines"');
    expect(caught).toMatch(/\| 10% \| .* \| 5m \| health \| 5xx ≤ 1%, p95 ≤ 800ms and ≤ 1\.5× stable, p99 ≤ 2× stable, ≥ 50 requests/);
    expect(caught).toContain("Traffic was restored to what it was before the rollout.");
    const qaPromotion = summaries.find((s) => s.f.includes("promote-7-to-qa"))?.text ?? "";
    expect(qaPromotion).toMatch(/applied 1 migration\(s\) \(shop\.0002_product_description\)/);
    expect(qaPromotion).toMatch(/Migrations included: .*0002_product_description\.py/);
  });
});
