// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub expression text, not a JS template
// The harness's own rules, on small synthetic workflows with no bundled action: what it runs,
// skips, stubs and refuses, so that the workflow tests built on it can be trusted.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { events, type HarnessOptions, isTriggered, runWorkflow } from "../helpers/workflow-harness.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir("runway-harness-");
const event = events("acme/shop");

function workflow(text: string): string {
  const path = join(dir, `wf-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return path;
}
const run = (text: string, extra: Partial<HarnessOptions> = {}) =>
  runWorkflow({
    workflow: workflow(text),
    event: event.push("a".repeat(40)),
    repository: "acme/shop",
    token: "t",
    apiUrl: "http://127.0.0.1:9",
    ...extra,
  });

describe("triggers", () => {
  it("matches event names, default pull_request types and branch globs", () => {
    const pr = (action: string) => event.pull(action, 1, "b".repeat(40));
    expect(isTriggered({ pull_request: null }, pr("opened"))).toBe(true);
    expect(isTriggered("pull_request", pr("closed"))).toBe(false);
    expect(isTriggered({ pull_request: { types: ["closed"] } }, pr("closed"))).toBe(true);
    expect(isTriggered(["push"], event.push("c", "refs/heads/main"))).toBe(true);
    expect(isTriggered({ push: { branches: ["release/**"] } }, event.push("c", "refs/heads/release/2026/11"))).toBe(true);
    expect(isTriggered({ push: { branches: ["main"] } }, event.push("c", "refs/heads/feature"))).toBe(false);
    expect(isTriggered({ push: null }, event.dispatch({}))).toBe(false);
  });
});

describe("jobs and steps", () => {
  const PIPELINE = `
on: push
jobs:
  second:
    needs: first
    runs-on: ubuntu-24.04
    steps:
      - id: use
        run: echo "\${{ needs.first.outputs.value }} \${{ github.sha }}"
  first:
    runs-on: ubuntu-24.04
    outputs:
      value: \${{ steps.make.outputs.v }}-\${{ steps.other.outputs.w }}
    steps:
      - id: make
        run: touch ${join(dir, "canary")}
      - id: other
        uses: some/action@0123456789012345678901234567890123456789
        with:
          x: \${{ steps.make.outputs.v }}
`;

  it("orders jobs by needs, never executes run: scripts, and takes step outputs from stubs", async () => {
    const result = await run(PIPELINE, { stubs: { first: { make: { v: "one" }, other: { w: "two" } } } });
    expect(Object.keys(result.jobs)).toEqual(["first", "second"]);
    expect(existsSync(join(dir, "canary"))).toBe(false);
    expect(result.jobs.first?.outputs).toEqual({ value: "one-two" });
    expect(result.jobs.first?.steps[1]?.with).toEqual({ x: "one" });
    expect(result.jobs.second?.steps[0]?.script).toBe(`echo "one-two ${"a".repeat(40)}"`);
    expect(result.actions).toEqual([]);
  });

  it("skips the jobs that need a skipped job, unless their if: says always()", async () => {
    const text =
      "on: push\njobs:\n  a:\n    if: false\n    runs-on: x\n    steps: [{ run: x }]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{ run: x }]\n  c:\n    needs: b\n    if: always()\n    runs-on: x\n    steps: [{ run: x }]\n";
    const result = await run(text);
    expect(Object.values(result.jobs).map((j) => [j.id, j.ran])).toEqual([
      ["a", false],
      ["b", false],
      ["c", true],
    ]);
  });

  it("refuses an input the action does not declare, as a workflow bug", async () => {
    const text =
      "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./actions/status\n        with:\n          enviroment: dev\n";
    await expect(run(text)).rejects.toThrow(/\.\/actions\/status: unexpected input\(s\) enviroment/);
  });

  it("types workflow_dispatch inputs and refuses a missing required one", async () => {
    const text = `
on:
  workflow_dispatch:
    inputs:
      force: { type: boolean, default: false }
      target: { type: string, required: true }
jobs:
  a:
    if: inputs.force
    runs-on: x
    steps: [{ run: "echo \${{ inputs.target }}" }]
`;
    const result = await run(text, { event: event.dispatch({ force: "true", target: "qa" }) });
    expect(result.jobs.a?.steps[0]?.script).toBe("echo qa");
    await expect(run(text, { event: event.dispatch({}) })).rejects.toThrow(/input target is required/);
  });
});
