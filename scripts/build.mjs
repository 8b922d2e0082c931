// One build: every action entry and the CLI are bundled into dist/, with shared chunks, and the
// Django helper (Python) is copied next to them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// @actions/http-client's `import { ProxyAgent } from "undici"` goes to a lazy stand-in (see it).
const deferUndici = {
  name: "defer-undici",
  setup(b) {
    const standIn = fileURLToPath(new URL("build/undici-proxy-agent.js", import.meta.url));
    b.onResolve({ filter: /^undici$/ }, (args) => (args.importer.includes("@actions/http-client") ? { path: standIn } : undefined));
  },
};

const entryPoints = { "runway/index": "src/cli/main.ts" };
for (const name of existsSync("actions") ? readdirSync("actions") : []) {
  if (existsSync(`actions/${name}/main.ts`)) entryPoints[`${name}/index`] = `actions/${name}/main.ts`;
}

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  chunkNames: "chunks/[name]-[hash]",
  minify: true,
  // Dependencies test constructor names (proto3-json-serializer checks `constructor.name === "Long"`).
  keepNames: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [deferUndici],
  // Bundled CommonJS dependencies still call require(); give ESM output one.
  banner: {
    js: [
      "import { createRequire as __runwayRequire } from 'node:module';",
      "import { fileURLToPath as __runwayPath } from 'node:url';",
      "const require = __runwayRequire(import.meta.url);",
      "const __filename = __runwayPath(import.meta.url);",
      "const __dirname = __runwayPath(new URL('.', import.meta.url));",
    ].join(" "),
  },
});

// Runway's Django helper is Python, run by the project's own interpreter: it ships as a file,
// dist/django/runway_django.py, which src/django/helper-path.ts finds from the bundles.
mkdirSync("dist/django", { recursive: true });
copyFileSync("src/django/runway_django.py", "dist/django/runway_django.py");
