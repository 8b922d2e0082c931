// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub expression text, not a JS template
// The expression evaluator the harness and the security checks rely on: its results are checked
// against what GitHub documents for the runner (loose equality, coercions, function semantics).
import { describe, expect, it } from "vitest";
import { condition, contextPaths, embedded, evaluate, evaluateTemplate, ExpressionError, interpolate } from "../helpers/expressions.js";

const contexts = {
  github: {
    event_name: "pull_request",
    repository: "acme/shop",
    event: {
      action: "opened",
      number: 7,
      pull_request: { number: 7, title: "Fix it", labels: [{ name: "bug" }, { name: "ui" }], head: { repo: { full_name: "acme/shop" } } },
    },
  },
  inputs: { environment: "qa", force: true, count: 3 },
  vars: { IMAGE_REPOSITORY: "r/app" },
  steps: { build: { outputs: { digest: "sha256:abc" } }, "my-step": { outputs: { "digest-image": "img@x" } } },
  needs: { build: { result: "success", outputs: { image: "img@1" } } },
  env: {},
};
const ev = (source: string) => evaluate(source, contexts);

describe("expression literals, contexts and property access", () => {
  it("reads literals", () => {
    expect([ev("null"), ev("true"), ev("FALSE"), ev("42"), ev("-1.5"), ev("0xff"), ev("-0x10"), ev("1e3"), ev("'it''s'")]).toEqual([
      null,
      true,
      false,
      42,
      -1.5,
      255,
      -16,
      1000,
      "it's",
    ]);
  });

  it("reads contexts, dotted and indexed, case-insensitively, with null for what is missing", () => {
    expect(ev("github.event.pull_request.number")).toBe(7);
    expect(ev("GitHub.Event.Pull_Request.Title")).toBe("Fix it");
    expect(ev("github['event']['action']")).toBe("opened");
    expect(ev("github.event.pull_request.labels[1].name")).toBe("ui");
    expect(ev("steps.my-step.outputs.digest-image")).toBe("img@x");
    expect(ev("needs.build.outputs.image")).toBe("img@1");
    expect(ev("github.event.nope.deeper")).toBeNull();
    expect(ev("matrix.node")).toBeNull();
  });

  it("filters with .*", () => {
    expect(ev("github.event.pull_request.labels.*.name")).toEqual(["bug", "ui"]);
    expect(ev("contains(github.event.pull_request.labels.*.name, 'UI')")).toBe(true);
  });

  it("refuses unknown contexts and functions, and malformed text", () => {
    for (const bad of ["githb.sha", "nope()", "github.", "(true", "'open", "1 +", "contains('a')"])
      expect(() => ev(bad), bad).toThrow(ExpressionError);
  });
});

describe("operators", () => {
  it("compares loosely, as GitHub does", () => {
    const cases: [string, boolean][] = [
      ["'ABC' == 'abc'", true],
      ["1 == '1'", true],
      ["'' == 0", true],
      ["null == 0", true],
      ["null == false", true],
      ["true == 1", true],
      ["'true' == true", false], // 'true' is NaN as a number
      ["'x' != 'y'", true],
      ["github.event == github.event", true],
      ["github.event == 'Object'", false],
      ["2 < 10", true],
      ["'2' < '10'", false], // strings compare as strings
      ["'b' > 'A'", true],
      ["'10' > 9", true],
      ["1 <= 1", true],
      ["' 0x10 ' == 16", true],
    ];
    for (const [source, expected] of cases) expect(ev(source), source).toBe(expected);
  });

  it("returns an operand from && and ||, honours ! and parentheses and precedence", () => {
    expect(ev("inputs.environment && 'yes'")).toBe("yes");
    expect(ev("'' || 'fallback'")).toBe("fallback");
    expect(ev("inputs.missing || github.repository")).toBe("acme/shop");
    expect(ev("0 && 'never'")).toBe(0);
    expect(ev("!github.event.nope")).toBe(true);
    expect(ev("!(1 == 1) || 2 > 1 && 'x' == 'X'")).toBe(true);
    expect(ev("(false || true) && false")).toBe(false);
  });
});

describe("functions", () => {
  it("contains, startsWith, endsWith ignore case and cast to strings", () => {
    expect([
      ev("contains('Hello', 'ELL')"),
      ev("startsWith('refs/heads/main', 'REFS/')"),
      ev("endsWith(github.repository, '/SHOP')"),
      ev("contains(7, 7)"),
    ]).toEqual([true, true, true, true]);
  });

  it("format fills placeholders and unescapes braces", () => {
    expect(ev("format('{0}-{1} {{x}}', 'pr', github.event.number)")).toBe("pr-7 {x}");
    expect(() => ev("format('{1}', 'a')")).toThrow(/placeholder/);
  });

  it("toJSON and fromJSON round-trip", () => {
    expect(ev("toJSON(inputs)")).toBe(JSON.stringify(contexts.inputs, null, 2));
    expect(ev("fromJSON('{\"a\":[1,2]}').a[1]")).toBe(2);
    expect(ev("fromJSON('true')")).toBe(true);
  });

  it("status functions follow the job's status", () => {
    expect(evaluate("success()", {}, "success")).toBe(true);
    expect(evaluate("failure()", {}, "failure")).toBe(true);
    expect(evaluate("cancelled()", {}, "failure")).toBe(false);
    expect(evaluate("always()", {}, "cancelled")).toBe(true);
  });
});

describe("templates and conditions", () => {
  it("interpolates ${{ }} and keeps the type of a lone expression", () => {
    expect(interpolate("pr-${{ github.event.number }} in ${{ vars.IMAGE_REPOSITORY }}", contexts)).toBe("pr-7 in r/app");
    expect(evaluateTemplate("${{ inputs.force }}", contexts)).toBe(true);
    expect(interpolate("${{ inputs.force }}", contexts)).toBe("true");
    expect(interpolate("${{ github.event }}", contexts)).toBe("Object");
    expect(interpolate("${{ inputs.nope }}", contexts)).toBe("");
    expect(interpolate("${{ format('}}{0}', 'x') }}!", contexts)).toBe("}x!");
  });

  it("finds every embedded expression, ignoring }} inside strings", () => {
    expect(embedded("a ${{ 'x}}y' }} b ${{github.sha}}").map((e) => e.source)).toEqual(["'x}}y'", "github.sha"]);
    expect(() => embedded("${{ open")).toThrow(ExpressionError);
  });

  it("an if: without a status function means success() && …", () => {
    expect(condition("github.event.action != 'closed'", contexts)).toBe(true);
    expect(condition("${{ github.event.action == 'closed' }}", contexts)).toBe(false);
    expect(condition("inputs.environment == 'qa'", contexts, "failure")).toBe(false);
    expect(condition("always() && inputs.environment == 'qa'", contexts, "failure")).toBe(true);
    expect(condition(undefined, contexts, "success")).toBe(true);
    expect(condition(undefined, contexts, "failure")).toBe(false);
  });

  it("lists the context paths an expression reads", () => {
    expect(contextPaths("github.event.pull_request.title")).toEqual(["github.event.pull_request.title"]);
    expect(contextPaths("format('{0}', inputs.reason) || github['head_ref']").sort()).toEqual(["github.head_ref", "inputs.reason"]);
    expect(contextPaths("github.event[inputs.key]").sort()).toEqual(["github.event.*", "inputs.key"]);
    expect(contextPaths("!contains(github.event.pull_request.labels.*.name, 'x')")).toEqual(["github.event.pull_request.labels.*.name"]);
  });
});
