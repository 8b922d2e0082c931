// Reads one environment file's text: YAML syntax, then the schema, then the file name rule.
// Pure (no file system), so that tests and other tools can give it text directly.
import { basename } from "node:path";
import { type Document, LineCounter, parseDocument, visit, type YAMLError } from "yaml";
import { type ConfigIssue, ConfigurationError } from "../../shared/errors.js";
import { defaultMessage, fieldIssues } from "./issues.js";
import { type FieldPath, formatPath, locate } from "./locate.js";
import { environmentSchema } from "./schema.js";
import type { Environment } from "./types.js";

/** Environment files are small; a larger one is a mistake or an attack on the parser. */
export const MAX_FILE_BYTES = 256 * 1024;
// Aliases are allowed for sharing a list or two; "billion laughs" nesting multiplies them.
const MAX_ALIAS_COUNT = 50;

export interface ParsedEnvironment {
  /** Set when there are no issues. */
  environment?: Environment;
  issues: ConfigIssue[];
  /** Where a field path is written, for problems found later (across files). */
  where(path: FieldPath): { line: number; column: number };
}

function yamlMessage(error: YAMLError, text: string): string {
  if (error.code === "DUPLICATE_KEY") {
    // The error's range covers only the key's first character: read the key up to its colon.
    const key = /^[^:\n]*/
      .exec(text.slice(error.pos[0]))![0]
      .trim()
      .replace(/^(["'])(.*)\1$/, "$2");
    return `duplicate key "${key}"`;
  }
  if (error.code === "MULTIPLE_DOCS") return "holds more than one YAML document (---); an environment file holds one";
  return error.message;
}

/** Where the first alias (*name) is: the place to point at when aliases cannot be expanded. */
function firstAlias(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Parses and validates; never throws for a problem in the text. */
export function readEnvironment(text: string, file: string): ParsedEnvironment {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    const issue = { file, line: 1, column: 1, field: "", message: `is larger than ${MAX_FILE_BYTES / 1024} KiB` };
    return { issues: [issue], where: () => ({ line: 1, column: 1 }) };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const where = (path: FieldPath) => locate(doc, lines, path);
  const at = (offset: number, message: string): ConfigIssue => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, field: "", message };
  };
  // Warnings (an unknown tag such as !foo) are refused too: a config must mean one thing.
  const syntax = [...doc.errors, ...doc.warnings].map((error) => at(error.pos[0], yamlMessage(error, text)));
  if (syntax.length > 0) return { issues: sortIssues(syntax), where };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Both failures here (too many aliases, an alias to a missing anchor) are about aliases.
    const message =
      error instanceof ReferenceError && /alias count/.test(error.message)
        ? `uses aliases (*name) too heavily: at most ${MAX_ALIAS_COUNT} alias expansions are allowed`
        : (error as Error).message;
    return { issues: [at(firstAlias(doc), message)], where };
  }

  const result = environmentSchema.safeParse(data, { reportInput: true, error: defaultMessage });
  const issues = fieldIssues(result.error?.issues ?? []).map(({ path, message, atKey }) => ({
    file,
    ...locate(doc, lines, path, atKey),
    field: formatPath(path),
    message,
  }));
  issues.push(...nameIssues(data, file, where));
  if (!result.success || issues.length > 0) return { issues: sortIssues(issues), where };
  return { environment: result.data, issues: [], where };
}

/** `name` must repeat the file name, so that a copied file cannot deploy to the wrong place. */
function nameIssues(data: unknown, file: string, where: ParsedEnvironment["where"]): ConfigIssue[] {
  const name = (data as { name?: unknown } | null)?.name;
  const expected = basename(file).replace(/\.yaml$/, "");
  if (!file.endsWith(".yaml") || typeof name !== "string" || name === expected) return [];
  return [{ file, ...where(["name"]), field: "name", message: `must equal the file name, "${expected}", not "${name}"` }];
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `environments/prod.yaml:12:7: rollout.steps[1].percent: must be between 1 and 100` */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.field ? `${issue.field}: ` : ""}${issue.message}`;
}

/** One error for every issue: the message has a line each; `location` is the first. */
export function configurationError(issues: readonly ConfigIssue[]): ConfigurationError {
  const [first] = issues;
  const location = first && { file: first.file, line: first.line, column: first.column, field: first.field };
  return new ConfigurationError(issues.map(formatIssue).join("\n"), location, issues);
}

/** Parses one environment file's text; throws a ConfigurationError listing every problem. */
export function parseEnvironment(text: string, file: string): Environment {
  const { environment, issues } = readEnvironment(text, file);
  if (!environment) throw configurationError(issues);
  return environment;
}
