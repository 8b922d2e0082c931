// A small evaluator of GitHub Actions expressions (`${{ … }}`), faithful to the runner's rules
// where tests depend on them: loose equality and ordering with number coercion, case-insensitive
// strings, property names and function names, `&&`/`||` returning an operand, `.*` filters, and
// the implicit `success() &&` of an `if:` without a status function. It is for the workflow
// harness and the security checks, so it parses strictly: an unknown context or function throws.

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type Contexts = Record<string, unknown>;
/** What the status functions see; "skipped" (a needed job was skipped) makes all but always() false. */
export type JobStatus = "success" | "failure" | "cancelled" | "skipped";

export type Node =
  | { kind: "literal"; value: Value }
  | { kind: "context"; name: string }
  | { kind: "index"; object: Node; key: Node | "*" }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "not"; operand: Node }
  | { kind: "binary"; op: string; left: Node; right: Node };

export class ExpressionError extends Error {
  override name = "ExpressionError";
}

const CONTEXTS = ["github", "inputs", "vars", "secrets", "steps", "needs", "env", "matrix", "job", "jobs", "runner", "strategy"];

// ---------------------------------------------------------------- tokens

interface Token {
  type: "punct" | "string" | "number" | "ident" | "end";
  text: string;
  value?: Value;
}

const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ".", ",", "!", "<", ">", "*"];
const NUMBER = /^(?:-?0x[0-9a-f]+|-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** JS's Number() reads "0x1f" but not "-0x1f". */
const numberOf = (text: string) => (text.startsWith("-") ? -Number(text.slice(1)) : Number(text));

function readString(source: string, start: number): { text: string; end: number } {
  let text = "";
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] !== "'") text += source[i];
    else if (source[i + 1] === "'") text += source[i++];
    else return { text, end: i + 1 };
  }
  throw new ExpressionError(`unterminated string in: ${source}`);
}

/** The token at the start of `rest`; `afterDot` because a property name is never a number. */
function readToken(rest: string, afterDot: boolean): Token {
  if (rest[0] === "'") {
    const s = readString(rest, 0);
    return { type: "string", text: rest.slice(0, s.end), value: s.text };
  }
  const number = afterDot ? null : NUMBER.exec(rest);
  if (number) return { type: "number", text: number[0], value: numberOf(number[0]) };
  const ident = IDENT.exec(rest);
  if (ident) return { type: "ident", text: ident[0] };
  const punct = PUNCT.find((p) => rest.startsWith(p));
  if (punct) return { type: "punct", text: punct };
  throw new ExpressionError(`unexpected ${JSON.stringify(rest[0])} in: ${rest}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const space = /^\s+/.exec(source.slice(i));
    if (space) {
      i += space[0].length;
      continue;
    }
    const token = readToken(source.slice(i), tokens.at(-1)?.text === ".");
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ type: "end", text: "" });
  return tokens;
}

// ---------------------------------------------------------------- parser (precedence climbing)

const LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="]];

export function parse(source: string): Node {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos] as Token;
  const next = () => tokens[pos++] as Token;
  const accept = (text: string) => peek().type === "punct" && peek().text === text && next() !== undefined;
  const expect = (text: string) => {
    if (peek().text !== text) throw new ExpressionError(`expected "${text}" but found "${peek().text || "end"}" in: ${source}`);
    return next();
  };

  const binary = (level: number): Node => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (peek().type === "punct" && LEVELS[level]?.includes(peek().text)) {
      const op = next().text;
      left = { kind: "binary", op, left, right: binary(level + 1) };
    }
    return left;
  };
  const unary = (): Node => (accept("!") ? { kind: "not", operand: unary() } : postfix(primary()));
  const postfix = (start: Node): Node => {
    let node = start;
    for (;;) {
      if (accept(".")) {
        const name = next();
        if (name.text === "*") node = { kind: "index", object: node, key: "*" };
        else if (name.type === "ident") node = { kind: "index", object: node, key: { kind: "literal", value: name.text } };
        else throw new ExpressionError(`expected a property name after "." in: ${source}`);
      } else if (accept("[")) {
        const key: Node | "*" = accept("*") ? "*" : binary(0);
        expect("]");
        node = { kind: "index", object: node, key };
      } else return node;
    }
  };
  const primary = (): Node => {
    const token = next();
    if (token.type === "string" || token.type === "number") return { kind: "literal", value: token.value as Value };
    if (token.text === "(") {
      const inner = binary(0);
      expect(")");
      return inner;
    }
    if (token.type !== "ident") throw new ExpressionError(`unexpected "${token.text || "end"}" in: ${source}`);
    const word = token.text.toLowerCase();
    if (word === "true" || word === "false") return { kind: "literal", value: word === "true" };
    if (word === "null") return { kind: "literal", value: null };
    if (peek().text === "(") return call(word);
    if (!CONTEXTS.includes(word)) throw new ExpressionError(`unknown context "${token.text}" in: ${source}`);
    return { kind: "context", name: word };
  };
  const call = (name: string): Node => {
    if (!(name in FUNCTIONS)) throw new ExpressionError(`unknown function "${name}" in: ${source}`);
    expect("(");
    const args: Node[] = [];
    while (peek().text !== ")") {
      args.push(binary(0));
      if (peek().text !== ")") expect(",");
    }
    next();
    const [min, max] = FUNCTIONS[name]!.arity;
    if (args.length < min || args.length > max)
      throw new ExpressionError(`${name}() takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
    return { kind: "call", name, args };
  };

  const node = binary(0);
  if (peek().type !== "end") throw new ExpressionError(`unexpected "${peek().text}" in: ${source}`);
  return node;
}

// ---------------------------------------------------------------- coercions (the runner's rules)

/** The result of a `.*` filter: later property accesses apply to each element. */
class Filtered extends Array<Value> {}

const isObject = (v: unknown): v is Record<string, Value> => typeof v === "object" && v !== null && !Array.isArray(v);

export function truthy(v: unknown): boolean {
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  return v !== null && v !== undefined && v !== false && v !== "";
}

export function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v !== "string") return Number.NaN;
  const text = v.trim();
  if (text === "") return 0;
  return NUMBER.exec(text)?.[0] === text ? numberOf(text) : Number.NaN;
}

/** How a value appears when interpolated into a string (and so in every action input). */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "number") return Object.is(v, -0) ? "0" : String(v);
  return Array.isArray(v) ? "Array" : "Object";
}

const kind = (v: unknown) => (v === null || v === undefined ? "null" : Array.isArray(v) ? "array" : typeof v);

/** GitHub's `==`: same kinds compare directly (strings ignoring case); others as numbers. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (kind(a) === kind(b)) {
    if (typeof a === "string") return a.toLowerCase() === (b as string).toLowerCase();
    return kind(a) === "null" || a === b;
  }
  return toNumber(a) === toNumber(b);
}

function compare(a: unknown, b: unknown, op: string): boolean {
  let [x, y]: [unknown, unknown] = [a, b];
  if (typeof a === "string" && typeof b === "string") [x, y] = [a.toLowerCase(), b.toLowerCase()];
  else if (kind(a) !== kind(b) || typeof a !== "number") [x, y] = [toNumber(a), toNumber(b)];
  const [l, r] = [x as number | string, y as number | string];
  return op === "<" ? l < r : op === ">" ? l > r : op === "<=" ? l <= r : l >= r;
}

// ---------------------------------------------------------------- functions

interface EvalState {
  contexts: Contexts;
  status: JobStatus;
}

const str = (v: unknown) => toText(v).toLowerCase();

function format(template: unknown, args: unknown[]): string {
  return toText(template).replace(/\{\{|\}\}|\{(\d+)\}|[{}]/g, (m, index?: string) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    if (index === undefined || Number(index) >= args.length)
      throw new ExpressionError(`format(): invalid placeholder ${m} in ${JSON.stringify(template)}`);
    return toText(args[Number(index)]);
  });
}

const FUNCTIONS: Record<string, { arity: [number, number]; fn: (args: unknown[], state: EvalState) => unknown }> = {
  contains: { arity: [2, 2], fn: ([s, i]) => (Array.isArray(s) ? s.some((e) => looseEquals(e, i)) : str(s).includes(str(i))) },
  startswith: { arity: [2, 2], fn: ([s, i]) => str(s).startsWith(str(i)) },
  endswith: { arity: [2, 2], fn: ([s, i]) => str(s).endsWith(str(i)) },
  format: { arity: [1, Number.POSITIVE_INFINITY], fn: ([t, ...args]) => format(t, args) },
  join: { arity: [1, 2], fn: ([a, sep]) => (Array.isArray(a) ? a.map(toText).join(sep === undefined ? "," : toText(sep)) : toText(a)) },
  tojson: { arity: [1, 1], fn: ([v]) => JSON.stringify(v ?? null, null, 2) },
  fromjson: {
    arity: [1, 1],
    fn: ([v]) => {
      try {
        return JSON.parse(toText(v));
      } catch {
        throw new ExpressionError(`fromJSON(): not JSON: ${JSON.stringify(toText(v).slice(0, 60))}`);
      }
    },
  },
  success: { arity: [0, 0], fn: (_, s) => s.status === "success" },
  always: { arity: [0, 0], fn: () => true },
  failure: { arity: [0, 0], fn: (_, s) => s.status === "failure" },
  cancelled: { arity: [0, 0], fn: (_, s) => s.status === "cancelled" },
};

// ---------------------------------------------------------------- evaluation

function property(object: unknown, key: unknown): Value {
  if (object instanceof Filtered) return Filtered.from(object.map((e) => property(e, key)).filter((e) => e !== null)) as Filtered;
  if (Array.isArray(object))
    return typeof key === "number" || (typeof key === "string" && /^\d+$/.test(key)) ? (object[Math.trunc(Number(key))] ?? null) : null;
  if (!isObject(object) || typeof key !== "string") return null;
  if (key in object) return object[key] ?? null;
  // Property names are case-insensitive, like everything else in expressions.
  const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? null : (object[found] ?? null);
}

function filter(object: unknown): Filtered {
  const items =
    object instanceof Filtered
      ? object.flatMap((e) => (Array.isArray(e) ? e : isObject(e) ? Object.values(e) : []))
      : Array.isArray(object)
        ? object
        : isObject(object)
          ? Object.values(object)
          : [];
  return Filtered.from(items) as Filtered;
}

function evaluateNode(node: Node, state: EvalState): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "context":
      return property(state.contexts as Value, node.name);
    case "index": {
      const object = evaluateNode(node.object, state);
      return node.key === "*" ? filter(object) : property(object, evaluateNode(node.key, state));
    }
    case "call":
      return FUNCTIONS[node.name]!.fn(
        node.args.map((a) => evaluateNode(a, state)),
        state,
      );
    case "not":
      return !truthy(evaluateNode(node.operand, state));
    case "binary":
      return binaryOp(node, state);
  }
}

function binaryOp(node: Extract<Node, { kind: "binary" }>, state: EvalState): unknown {
  const left = evaluateNode(node.left, state);
  if (node.op === "&&") return truthy(left) ? evaluateNode(node.right, state) : left;
  if (node.op === "||") return truthy(left) ? left : evaluateNode(node.right, state);
  const right = evaluateNode(node.right, state);
  if (node.op === "==") return looseEquals(left, right);
  if (node.op === "!=") return !looseEquals(left, right);
  return compare(left, right, node.op);
}

/** Evaluates one expression (without `${{ }}`). */
export function evaluate(source: string, contexts: Contexts, status: JobStatus = "success"): unknown {
  const value = evaluateNode(parse(source), { contexts, status });
  return value instanceof Filtered ? [...value] : value;
}

// ---------------------------------------------------------------- templates and conditions

export interface Embedded {
  source: string;
  start: number;
  end: number;
}

/** Every `${{ … }}` in `text`; a `}}` inside a string literal does not end the expression. */
export function embedded(text: string): Embedded[] {
  const found: Embedded[] = [];
  for (let start = text.indexOf("${{"); start >= 0; start = text.indexOf("${{", start + 3)) {
    let i = start + 3;
    let quoted = false;
    while (i < text.length && (quoted || !text.startsWith("}}", i))) {
      if (text[i] === "'") quoted = !quoted;
      i++;
    }
    if (i >= text.length) throw new ExpressionError(`unterminated \${{ in: ${text}`);
    found.push({ source: text.slice(start + 3, i).trim(), start, end: i + 2 });
    start = i - 1;
  }
  return found;
}

/**
 * A value as the runner computes it: a string that is exactly one `${{ x }}` keeps x's type;
 * anything else is a string with each expression interpolated.
 */
export function evaluateTemplate(text: unknown, contexts: Contexts, status: JobStatus = "success"): unknown {
  if (typeof text !== "string") return text;
  const parts = embedded(text);
  const only = parts[0];
  if (parts.length === 1 && only && only.start === 0 && only.end === text.length) return evaluate(only.source, contexts, status);
  let out = "";
  let last = 0;
  for (const part of parts) {
    out += text.slice(last, part.start) + toText(evaluate(part.source, contexts, status));
    last = part.end;
  }
  return out + text.slice(last);
}

export const interpolate = (text: unknown, contexts: Contexts, status: JobStatus = "success"): string =>
  toText(evaluateTemplate(text, contexts, status));

const usesStatus = (node: Node): boolean => {
  if (node.kind === "call") return ["success", "always", "failure", "cancelled"].includes(node.name) || node.args.some(usesStatus);
  if (node.kind === "not") return usesStatus(node.operand);
  if (node.kind === "binary") return usesStatus(node.left) || usesStatus(node.right);
  if (node.kind === "index") return usesStatus(node.object) || (node.key !== "*" && usesStatus(node.key));
  return false;
};

/** An `if:`: `${{ }}` optional; without a status function it means `success() && (…)`. */
export function condition(text: unknown, contexts: Contexts, status: JobStatus = "success"): boolean {
  if (text === undefined || text === null || text === "") return status === "success";
  if (typeof text === "boolean") return text && status === "success";
  const raw = String(text).trim();
  const whole = embedded(raw);
  const source = whole.length === 1 && whole[0]?.start === 0 && whole[0].end === raw.length ? whole[0].source : raw;
  const node = parse(source);
  const value = truthy(evaluateNode(node, { contexts, status }));
  return usesStatus(node) ? value : status === "success" && value;
}

/** The context paths an expression reads (`github.event.pull_request.title`), up to the first computed index. */
export function contextPaths(source: string): string[] {
  const paths = new Set<string>();
  const record = (node: Node) => {
    const path = walk(node);
    if (path) paths.add(path);
  };
  // Returns the path `node` denotes while it is a plain chain of names; records the others.
  const walk = (node: Node): string | undefined => {
    if (node.kind === "context") return node.name;
    if (node.kind === "index") {
      const base = walk(node.object);
      if (node.key !== "*" && node.key.kind !== "literal") {
        record(node.key);
        if (base) paths.add(`${base}.*`);
        return undefined;
      }
      return base && `${base}.${node.key === "*" ? "*" : String(node.key.value)}`;
    }
    if (node.kind === "call") node.args.forEach(record);
    if (node.kind === "not") record(node.operand);
    if (node.kind === "binary") [node.left, node.right].forEach(record);
    return undefined;
  };
  record(parse(source));
  return [...paths];
}
