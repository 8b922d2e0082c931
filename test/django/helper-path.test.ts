// The helper ships as a file next to the bundles: the build copies src/django/runway_django.py to
// dist/django/, and djangoHelperPath finds it from the sources (these tests) and from the bundles
// (dist/<action>/index.js and the shared dist/chunks/*.js).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { djangoHelperPath } from "../../src/django/helper-path.js";

describe("djangoHelperPath", () => {
  it("finds the helper in src/django/ from the sources", () => {
    expect(djangoHelperPath()).toBe(resolve("src/django/runway_django.py"));
  });

  it("finds it in dist/django/ from an action's bundle and from a shared chunk", () => {
    for (const bundle of ["dist/migration-gate/index.js", "dist/runway/index.js", "dist/chunks/chunk-ABCDEFGH.js"]) {
      expect(djangoHelperPath(pathToFileURL(resolve(bundle)).href)).toBe(resolve("dist/django/runway_django.py"));
    }
  });

  it("says how to get it when it is missing", () => {
    expect(() => djangoHelperPath(pathToFileURL(resolve("test/nowhere/index.js")).href)).toThrow(
      /Runway's Django helper is missing: .*test\/django\/runway_django\.py .*npm run build/,
    );
  });

  it("ships in dist/ as it is in src/ (npm run build copies it)", () => {
    expect(readFileSync("dist/django/runway_django.py", "utf8")).toBe(readFileSync("src/django/runway_django.py", "utf8"));
  });
});
