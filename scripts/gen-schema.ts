// Writes environments/schema.json, the JSON Schema that editors use (through the
// `# yaml-language-server: $schema=./schema.json` line) to complete and explain environment files.
//   npx tsx scripts/gen-schema.ts
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { environmentSchema } from "../src/core/config/schema.js";

export const SCHEMA_FILE = fileURLToPath(new URL("../environments/schema.json", import.meta.url));

/** The JSON Schema text, exactly as it should be committed. */
export function renderSchema(): string {
  // Draft 7 is the newest draft that every YAML and JSON editor reads. The input side is
  // described: kebab-case keys and duration strings, before defaults and conversions.
  const schema = z.toJSONSchema(environmentSchema, { target: "draft-7", io: "input" });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Whether the committed schema file matches the schema in the code. */
export async function isSchemaCurrent(file = SCHEMA_FILE): Promise<boolean> {
  const committed = await readFile(file, "utf8").catch(() => "");
  return committed === renderSchema();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
