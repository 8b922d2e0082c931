// The subset of monitoring filters (cloud.google.com/monitoring/api/v3/filters) that Cloud Run
// request metrics need: `field = "value"` and `field = one_of("a", "b")` joined by AND. Anything
// else is refused with INVALID_ARGUMENT naming what the emulator does not support.
import { truncate } from "../common.js";
import { invalid } from "../errors.js";
import { METRIC_LABELS, RESOURCE_LABELS } from "./metrics.js";

export interface Clause {
  /** Normalised: metric.type, resource.type, metric.labels.KEY or resource.labels.KEY. */
  field: string;
  values: string[];
}

type Token = { kind: "word" | "string" | "symbol"; text: string; at: number };

function tokenize(field: string, filter: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|>=|<=|=~|!~|[=(),:<>!-])|([A-Za-z_][A-Za-z0-9_.]*)|(.)/gy;
  let match: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: a tokenizer loop
  while ((match = pattern.exec(filter))) {
    const [, quoted, symbol, word, other] = match;
    if (quoted) tokens.push({ kind: "string", text: quoted.slice(1, -1).replace(/\\(.)/g, "$1"), at: match.index });
    else if (symbol) tokens.push({ kind: "symbol", text: symbol, at: match.index });
    else if (word) tokens.push({ kind: "word", text: word, at: match.index });
    else if (other) throw invalid(field, `unexpected character ${JSON.stringify(other)} at position ${match.index}`);
  }
  return tokens;
}

/** `metric.label.x` is accepted for `metric.labels.x`, as Monitoring accepts both spellings. */
export function normaliseField(name: string): string {
  return name.replace(/^(metric|resource)\.label\./, "$1.labels.");
}

/** Fields the emulator can match on, for its two Cloud Run metrics. */
export function knownField(name: string): boolean {
  if (name === "metric.type" || name === "resource.type") return true;
  const [scope, labels, key] = name.split(".");
  if (labels !== "labels" || key === undefined || name.split(".").length !== 3) return false;
  return scope === "metric" ? key in METRIC_LABELS : scope === "resource" ? RESOURCE_LABELS.includes(key) : false;
}

const SUPPORTED = 'the emulator supports `field = "value"` and `field = one_of("a", …)` joined by AND';

/** Parses a filter into clauses, every one of which must match. */
export function parseFilter(filter: string, field = "filter"): Clause[] {
  const tokens = tokenize(field, filter);
  const clauses: Clause[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const unsupported = (token: Token | undefined, what?: string) =>
    invalid(
      field,
      token
        ? `${what ?? `${JSON.stringify(truncate(token.text))} at position ${token.at}`} is not supported: ${SUPPORTED}`
        : `the filter ends too early: ${SUPPORTED}`,
    );
  while (i < tokens.length) {
    if (clauses.length > 0) {
      const and = tokens[i++];
      if (and?.kind !== "word" || and.text !== "AND")
        throw unsupported(and, and?.text === "OR" || and?.text === "NOT" ? and.text : undefined);
    }
    const name = tokens[i++];
    if (name?.kind !== "word") throw unsupported(name);
    if (name.text === "NOT" || name.text === "OR") throw unsupported(name, name.text);
    const normalised = normaliseField(name.text);
    if (!knownField(normalised))
      throw invalid(
        field,
        `${JSON.stringify(truncate(name.text))} is not supported: the emulator filters on metric.type, resource.type, resource.labels.{${RESOURCE_LABELS.join(",")}} and metric.labels.{${Object.keys(METRIC_LABELS).join(",")}}`,
      );
    const op = tokens[i++];
    if (op?.kind !== "symbol" || op.text !== "=") throw unsupported(op, op ? `the operator ${JSON.stringify(op.text)}` : undefined);
    const value = tokens[i++];
    if (value?.kind === "string") {
      clauses.push({ field: normalised, values: [value.text] });
      continue;
    }
    if (value?.kind !== "word" || value.text !== "one_of")
      throw unsupported(value, value?.kind === "word" ? `${truncate(value.text)}(…) or an unquoted value` : undefined);
    if (peek()?.text !== "(") throw unsupported(peek());
    i++;
    const values: string[] = [];
    for (;;) {
      const item = tokens[i++];
      if (item?.kind !== "string") throw unsupported(item);
      values.push(item.text);
      const next = tokens[i++];
      if (next?.text === ")") break;
      if (next?.text !== ",") throw unsupported(next);
    }
    clauses.push({ field: normalised, values });
  }
  if (clauses.length === 0) throw invalid(field, "required");
  return clauses;
}
