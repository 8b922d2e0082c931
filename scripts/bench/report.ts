import { cpus } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";

export interface Section {
  title: string;
  intro: string;
  rows: [string, string, string][];
  /** Said after the table: what a figure means, and any target it misses. */
  notes?: string;
}

/** Writes docs/benchmarks.md from measured sections; nothing in it is typed by hand. */
export function writeReport(sections: Section[], path = "docs/benchmarks.md"): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}, ${process.platform}`;
  const text = [
    "# Benchmarks",
    "",
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}). Re-run it to refresh this file.`,
    "",
    ...sections.flatMap(sectionLines),
  ].join("\n");
  writeFileSync(path, text);
  return text;
}

const sectionLines = (s: Section) => [
  `## ${s.title}`,
  "",
  s.intro,
  "",
  "| measure | result | target |",
  "|---|---|---|",
  ...s.rows.map((r) => `| ${r.join(" | ")} |`),
  "",
  ...(s.notes ? [s.notes, ""] : []),
];

/** Rewrites one section of docs/benchmarks.md in place (a benchmark run on its own), saying when it was measured. */
export function replaceSection(section: Section, path = "docs/benchmarks.md"): string {
  const text = readFileSync(path, "utf8");
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}, ${process.platform}`;
  const dated = {
    ...section,
    intro: `Measured on ${new Date().toISOString().slice(0, 10)} (${machine}) by this benchmark alone (\`npx tsx scripts/bench/migrations.ts --write\`; \`npm run bench\` runs it with the others).\n\n${section.intro}`,
  };
  const start = text.indexOf(`## ${section.title}\n`);
  if (start < 0) throw new Error(`${path} has no section "${section.title}"`);
  const next = text.indexOf("\n## ", start + 1);
  const updated = `${text.slice(0, start)}${sectionLines(dated).join("\n")}${next < 0 ? "" : text.slice(next)}`;
  writeFileSync(path, updated);
  return updated;
}
