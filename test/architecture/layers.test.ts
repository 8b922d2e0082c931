// The layers of docs/architecture.md, checked over the import graph by dependency-cruiser with the
// rules in .dependency-cruiser.cjs: no import from a lower layer to a higher one, no circle, the
// emulator apart, no test or script code in the product.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cruiseTree, describeViolations } from "./cruise.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");

describe("the layers point one way", () => {
  it("no import goes up a layer, round a circle, into the emulator or into test/ and scripts/", async () => {
    const outcome = await cruiseTree(ROOT, ["src", "actions"], ["src", "actions", "scripts", "test"], CONFIG);
    // A relative import that does not resolve would hide its edge from every rule.
    expect(outcome.unresolved, "imports that did not resolve in the cruised copy").toEqual([]);
    expect(outcome.modules).toBeGreaterThan(150);
    expect(outcome.violations, `imports against docs/architecture.md:\n${describeViolations(outcome.violations)}\n`).toEqual([]);
  }, 60_000);
});

describe("the check itself", () => {
  const fixture = mkdtempSync(join(tmpdir(), "runway-layers-fixture-"));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };

  it("reports an upward import and a circle in a planted tree", async () => {
    // A port that reaches up into the domain, and two domain modules that import each other
    // (one of the edges type-only: those count too).
    write("src/shared/clock.ts", "export const now = () => 0;\n");
    write(
      "src/core/plan.ts",
      'import { now } from "../shared/clock.js";\nimport { step } from "./step.js";\nexport const plan = () => step() + now();\n',
    );
    write("src/core/step.ts", 'import type { plan } from "./plan.js";\nexport const step = (): ReturnType<typeof plan> | 1 => 1;\n');
    write("src/gcp/front.ts", 'import { plan } from "../core/plan.js";\nexport const front = () => plan();\n');
    write("src/emulator/server.ts", 'import { now } from "../shared/clock.js";\nexport const serve = () => now();\n');
    const outcome = await cruiseTree(fixture, ["src"], ["src"], CONFIG);
    const text = describeViolations(outcome.violations);
    expect(text).toContain("no-upward-from-ports: src/gcp/front.ts → src/core/plan.ts");
    expect(text).toMatch(/no-circular: src\/core\/(plan|step)\.ts → src\/core\/(step|plan)\.ts → src\/core\/(plan|step)\.ts/);
    // Nothing else: the shared module and the emulator's import of it are allowed.
    expect(new Set(outcome.violations.map((v) => v.rule))).toEqual(new Set(["no-upward-from-ports", "no-circular"]));
  }, 60_000);

  it("reports the emulator imported by the domain and the emulator importing a port", async () => {
    write("src/core/uses-emulator.ts", 'import { serve } from "../emulator/server.js";\nexport const x = serve;\n');
    write("src/emulator/uses-port.ts", 'import { front } from "../gcp/front.js";\nexport const y = front;\n');
    const outcome = await cruiseTree(fixture, ["src"], ["src"], CONFIG);
    const text = describeViolations(outcome.violations);
    expect(text).toContain("emulator-is-separate: src/core/uses-emulator.ts → src/emulator/server.ts");
    expect(text).toContain("emulator-imports-only-shared: src/emulator/uses-port.ts → src/gcp/front.ts");
  }, 60_000);
});
