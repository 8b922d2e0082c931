import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isSchemaCurrent, renderSchema, SCHEMA_FILE } from "../../scripts/gen-schema.js";

describe("environments/schema.json", () => {
  it("is current (regenerate with: npx tsx scripts/gen-schema.ts)", async () => {
    expect(await isSchemaCurrent(), "environments/schema.json is stale: run npx tsx scripts/gen-schema.ts").toBe(true);
  });

  it("is what every environment file points editors at", async () => {
    for (const name of ["dev", "qa", "prod"]) {
      const text = await readFile(new URL(`../../environments/${name}.yaml`, import.meta.url), "utf8");
      expect(text.startsWith("# yaml-language-server: $schema=./schema.json\n")).toBe(true);
    }
  });

  it("describes kebab-case keys, refuses unknown ones and explains fields", () => {
    const schema = JSON.parse(renderSchema());
    expect(schema.title).toBe("Runway environment");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "project", "region", "service"]);
    const scaling = schema.properties.service.properties.scaling;
    expect(Object.keys(scaling.properties)).toEqual(["min-instances", "max-instances", "service-min-instances"]);
    expect(scaling.properties["max-instances"]).toMatchObject({ description: expect.stringContaining("Upper bound") });
    expect(schema.properties.service.properties.port.description).toContain("Cloud Run's default: 8080");
  });

  it("reports a stale file", async () => {
    expect(await isSchemaCurrent(`${SCHEMA_FILE}.missing`)).toBe(false);
  });
});
