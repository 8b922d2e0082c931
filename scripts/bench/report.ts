import { cpus } from "node:os";
import { writeFileSync } from "node:fs";

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
    ...sections.flatMap((s) => [`## ${s.title}`, "", s.intro, "", "| measure | result | target |", "|---|---|---|", ...s.rows.map((r) => `| ${r.join(" | ")} |`), "", ...(s.notes ? [s.notes, ""] : [])]),
  ].join("\n");
  writeFileSync(path, text);
  return text;
}
