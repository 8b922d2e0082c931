import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PAGES } from "../../scripts/gen-docs.js";

describe("generated reference pages", () => {
  it.each(Object.entries(PAGES))("%s is up to date (run: npx tsx scripts/gen-docs.ts)", (file, render) => {
    expect(readFileSync(file, "utf8")).toBe(render());
  });
});
