// Markdown building blocks for job summaries and pull-request comments. Everything from outside
// (commit messages, image names, errors) goes through cell(), so it can neither break a table nor
// inject HTML.

export function cell(value: unknown): string {
  return String(value ?? "")
    .replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] as string)
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>")
    .replace(/`/g, "'");
}

export const code = (value: unknown) => `<code>${cell(value)}</code>`;

export function table(headers: string[], rows: unknown[][]): string {
  return [
    `| ${headers.join(" | ")} |`,
    `|${headers.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map((v) => (typeof v === "string" && v.startsWith("<code>") ? v : cell(v))).join(" | ")} |`),
  ].join("\n");
}

/** A mermaid node label: quoted, with quotes and brackets neutralised. */
export const mermaidLabel = (text: string) =>
  `"${text
    .replace(/["[\]{}()<>]/g, " ")
    .replace(/\s+/g, " ")
    .trim()}"`;

export const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);
