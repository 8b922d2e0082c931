// Maps a field path (from zod) back to where it is written in the YAML source.
import { type Document, isAlias, isMap, isNode, isScalar, isSeq, type LineCounter, type Range } from "yaml";

export type FieldPath = readonly PropertyKey[];

/** How a path is written in messages: rollout.steps[1].percent, service.labels["app.kubernetes.io"]. */
export function formatPath(path: FieldPath): string {
  return path
    .map((segment, i) => {
      if (typeof segment === "number") return `[${segment}]`;
      const text = String(segment);
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(text)) return `[${JSON.stringify(text)}]`;
      return i === 0 ? text : `.${text}`;
    })
    .join("");
}

/**
 * The 1-based line and column of `path` in `doc`. A scalar is located at its value; a mapping or
 * list at the key that introduces it, which is the line a person looks for. When the path does
 * not exist (a missing required key), the nearest enclosing node that does is used. With
 * `atKey`, the last segment is located at its key rather than its value (for unknown keys).
 */
export function locate(doc: Document, lines: LineCounter, path: FieldPath, atKey = false): { line: number; column: number } {
  let node: unknown = doc.contents;
  let place = rangeOf(node);
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const value = rangeOf(pair.value);
      // An empty value ("port:") has an empty range; a collection reads best at its key.
      const scalarValue = (isScalar(pair.value) || isAlias(pair.value)) && value !== undefined && value[0] < value[1];
      place = (atKey && i === path.length - 1) || !scalarValue ? rangeOf(pair.key) : value;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment];
      place = rangeOf(node) ?? place;
    } else {
      break;
    }
  }
  if (!place) return { line: 1, column: 1 };
  const { line, col } = lines.linePos(place[0]);
  return { line, column: col };
}

function rangeOf(node: unknown): Range | undefined {
  return isNode(node) ? (node.range ?? undefined) : undefined;
}
