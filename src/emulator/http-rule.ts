// google.api.http path templates (google/api/http.proto), compiled to matchers.
export interface HttpBinding {
  verb: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  template: string;
  body?: string;
}

export interface CompiledBinding extends HttpBinding {
  regex: RegExp;
  fields: string[];
}

const VERBS = ["get", "post", "patch", "put", "delete"] as const;

type HttpRule = Partial<Record<(typeof VERBS)[number] | "body", string>> & { additional_bindings?: HttpRule | HttpRule[] };

export function bindingsFromOptions(parsed: unknown[] | undefined): HttpBinding[] {
  const bindings: HttpBinding[] = [];
  for (const option of parsed ?? []) {
    const rule = (option as Record<string, HttpRule | undefined>)["(google.api.http)"];
    if (!rule) continue;
    // additional_bindings (google/api/http.proto) carry further templates of the same method.
    for (const one of [rule, ...[rule.additional_bindings ?? []].flat()]) {
      for (const verb of VERBS) {
        const template = one[verb];
        if (template) bindings.push({ verb: verb.toUpperCase() as HttpBinding["verb"], template, body: one.body });
      }
    }
  }
  return bindings;
}

function segmentPattern(pattern: string): string {
  return pattern
    .split("/")
    .map((part) => (part === "**" ? ".+" : part === "*" ? "[^/:]+" : escapeRegex(part)))
    .join("/");
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function compile(binding: HttpBinding): CompiledBinding {
  const fields: string[] = [];
  let source = "";
  let rest = binding.template;
  for (const match of binding.template.matchAll(/\{([^}=]+)(?:=([^}]+))?\}/g)) {
    const [whole, field, pattern] = match;
    const at = rest.indexOf(whole);
    source += escapeRegex(rest.slice(0, at)) + `(${segmentPattern(pattern ?? "*")})`;
    rest = rest.slice(at + whole.length);
    fields.push(field as string);
  }
  source += escapeRegex(rest);
  return { ...binding, regex: new RegExp(`^${source}$`), fields };
}

/** Returns the path variables when the path matches, keyed by (dotted) field path. */
export function match(binding: CompiledBinding, path: string): Record<string, string> | undefined {
  const found = binding.regex.exec(path);
  if (!found) return undefined;
  const vars: Record<string, string> = {};
  binding.fields.forEach((field, index) => {
    vars[field] = decodeURIComponent(found[index + 1] as string);
  });
  return vars;
}
