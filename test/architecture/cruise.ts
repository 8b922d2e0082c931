// Runs dependency-cruiser over a tree of TypeScript with the rules in .dependency-cruiser.cjs.
//
// Why the mirror: dependency-cruiser reads TypeScript through the TypeScript compiler's JavaScript API,
// which TypeScript 7 (the native compiler this repository uses) no longer has. So each .ts file is first
// turned into JavaScript by esbuild, file by file, into a temporary mirror of the tree, and the mirror is
// cruised. Type-only imports are edges of the design too, so they are kept: `import type` is made a plain
// import before the transform, and verbatimModuleSyntax keeps every import esbuild would otherwise drop.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type ICruiseResult, type IFlattenedRuleSet } from "dependency-cruiser";
import { transformSync } from "esbuild";

const require = createRequire(import.meta.url);

export interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle: string[];
}

export interface CruiseOutcome {
  modules: number;
  violations: Violation[];
  unresolved: string[];
}

const keepTypeImports = (source: string): string =>
  source
    .replace(/^(\s*)import\s+type\s+(?=[{*\w$])/gm, "$1import ")
    .replace(/^(\s*)export\s+type\s+(\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)\s+from\b/gm, "$1export $2 from");

function mirror(sourceRoot: string, targetRoot: string, directory: string): void {
  for (const entry of readdirSync(join(sourceRoot, directory))) {
    if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) continue;
    const path = join(directory, entry);
    const from = join(sourceRoot, path);
    if (statSync(from).isDirectory()) {
      mirror(sourceRoot, targetRoot, path);
      continue;
    }
    const to = join(targetRoot, path);
    if (/\.(ts|mts|cts)$/.test(entry) && !entry.endsWith(".d.ts")) {
      mkdirSync(dirname(to), { recursive: true });
      const code = transformSync(keepTypeImports(readFileSync(from, "utf8")), {
        loader: "ts",
        format: "esm",
        sourcefile: path,
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      }).code;
      writeFileSync(
        to
          .replace(/\.ts$/, ".js")
          .replace(/\.mts$/, ".mjs")
          .replace(/\.cts$/, ".cjs"),
        code,
      );
    } else if (/\.(js|mjs|cjs|json)$/.test(entry)) {
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}

/** Cruises `roots` (folders or files relative to `base`) with `configPath`'s rules; `mirrored` are the folders copied. */
export async function cruiseTree(base: string, roots: string[], mirrored: string[], configPath: string): Promise<CruiseOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), "runway-cruise-"));
  try {
    for (const folder of mirrored) mirror(base, scratch, folder);
    const config = require(configPath) as { forbidden: IFlattenedRuleSet["forbidden"]; options: object };
    const previous = process.cwd();
    process.chdir(scratch);
    let output: ICruiseResult;
    try {
      const result = await cruise(roots, {
        ...config.options,
        validate: true,
        ruleSet: { forbidden: config.forbidden },
        outputType: "json",
      });
      output = (typeof result.output === "string" ? JSON.parse(result.output) : result.output) as ICruiseResult;
    } finally {
      process.chdir(previous);
    }
    const ts = (path: string) => path.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts");
    const violations = output.summary.violations.map((violation) => ({
      rule: violation.rule.name,
      from: ts(violation.from),
      to: ts(violation.to),
      cycle: (violation.cycle ?? []).map((step) => ts(typeof step === "string" ? step : step.name)),
    }));
    const unresolved = output.modules.flatMap((module) =>
      module.dependencies
        .filter((dependency) => dependency.couldNotResolve && dependency.module.startsWith("."))
        .map((dependency) => `${ts(module.source)} → ${dependency.module}`),
    );
    return { modules: output.modules.length, violations, unresolved };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) =>
      violation.cycle.length > 0
        ? `${violation.rule}: ${[violation.from, ...violation.cycle].join(" → ")}`
        : `${violation.rule}: ${violation.from} → ${violation.to}`,
    )
    .join("\n");
}
