// The import rules of docs/architecture.md, checked by test/architecture/layers.test.ts.
// Layers, highest first: a module may import its own layer and any lower one, never a higher one.
const layers = [
  { name: "entries", path: "^(actions/[^/]+/main|src/cli/|src/demo/)" },
  { name: "wiring", path: "^src/(actions-kit|commands)/" },
  { name: "present", path: "^src/present/" },
  { name: "domain", path: "^src/core/" },
  { name: "ports", path: "^src/(gcp|github|local|django)/" },
  { name: "shared", path: "^src/shared/" },
];

const upward = layers.slice(1).map((layer, index) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} may not import a higher layer (${layers
    .slice(0, index + 1)
    .map((higher) => higher.name)
    .join(", ")})`,
  severity: "error",
  from: { path: layer.path },
  to: { path: layers.slice(0, index + 1).map((higher) => higher.path) },
}));

module.exports = {
  layers,
  forbidden: [
    ...upward,
    {
      name: "no-circular",
      comment: "no module may reach itself through its imports",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "emulator-is-separate",
      comment: "the emulator is a separate product: only the CLI, the demo and the tests may import it",
      severity: "error",
      from: { pathNot: "^(src/(cli|demo|emulator)/|test/)" },
      to: { path: "^src/emulator/" },
    },
    {
      name: "emulator-imports-only-shared",
      comment: "the emulator imports nothing of Runway's but src/shared",
      severity: "error",
      from: { path: "^src/emulator/" },
      to: { path: "^(src|actions)/", pathNot: "^src/(emulator|shared)/" },
    },
    {
      name: "no-tests-or-scripts-in-product",
      comment: "product code may not import test/ or scripts/",
      severity: "error",
      from: { path: "^(src|actions)/" },
      to: { path: "^(test|scripts)/" },
    },
    {
      name: "shared-imports-nothing-of-ours",
      comment: "src/shared imports only src/shared and libraries",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: "^(src|actions|test|scripts)/", pathNot: "^src/shared/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    moduleSystems: ["es6", "cjs"],
  },
};
