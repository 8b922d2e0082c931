// The import rules of docs/architecture.md, checked by test/architecture/layers.test.ts.
// Layers, highest first: a module may import its own layer and any lower one, never a higher one.
const layers = [
  { name: "entries", path: "^(actions/|src/cli/|src/demo/)" },
  { name: "wiring", path: "^src/(actions-kit|commands)/" },
  { name: "present", path: "^src/present/" },
  { name: "domain", path: "^src/core/" },
  { name: "ports", path: "^src/(gcp|github|local|django)/" },
  { name: "shared", path: "^src/shared/" },
];

const rule = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

const upward = layers.slice(1).map((layer, index) => {
  const higher = layers.slice(0, index + 1);
  return rule(
    `no-upward-from-${layer.name}`,
    `${layer.name} may not import a higher layer (${higher.map((h) => h.name).join(", ")})`,
    { path: layer.path },
    { path: higher.map((h) => h.path) },
  );
});

module.exports = {
  layers,
  forbidden: [
    ...upward,
    rule("no-circular", "no module may reach itself through its imports", {}, { circular: true }),
    rule(
      "emulator-is-separate",
      "the emulator is a separate product: only the CLI, the demo and the tests may import it",
      { pathNot: "^(src/(cli|demo|emulator)/|test/)" },
      { path: "^src/emulator/" },
    ),
    rule(
      "emulator-imports-only-shared",
      "the emulator imports nothing of Runway's but src/shared",
      { path: "^src/emulator/" },
      { path: "^(src|actions)/", pathNot: "^src/(emulator|shared)/" },
    ),
    rule("no-tests-or-scripts-in-product", "product code may not import test/ or scripts/", { path: "^(src|actions)/" }, { path: "^(test|scripts)/" }),
    rule(
      "shared-imports-nothing-of-ours",
      "src/shared imports only src/shared and libraries",
      { path: "^src/shared/" },
      { path: "^(src|actions|test|scripts)/", pathNot: "^src/shared/" },
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    moduleSystems: ["es6", "cjs"],
  },
};
