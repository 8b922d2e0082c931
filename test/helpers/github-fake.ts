// A local fake of the part of the GitHub REST API that Runway uses, for octokit (baseUrl) and for
// the bundled actions (GITHUB_API_URL). Every request body is checked against GitHub's published
// OpenAPI description (@octokit/openapi), so a test passes only if GitHub would accept the call.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

// ---------------------------------------------------------------- the OpenAPI description

type Json = Record<string, any>;
interface Operation {
  operationId: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Json>>;
}
interface Template {
  template: string;
  regex: RegExp;
  names: string[];
  literal: number;
}

// 13 MB of JSON: parsed once per process, indexed and compiled only as far as the tests need.
let spec: Spec | undefined;
let templates: Map<string, Template[]> | undefined;
const validators = new Map<string, ValidateFunction | null>();
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  logger: false,
  // The formats GitHub's request bodies use; "repo.nwo" is GitHub's own "owner/name".
  formats: {
    "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
    uri: (value: string) => URL.canParse(value),
    "repo.nwo": /^[\w.-]+\/[\w.-]+$/,
    int64: { type: "number", validate: (value: number) => Number.isInteger(value) },
  },
});

function loadSpec(): Spec {
  const path = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  spec ??= JSON.parse(readFileSync(path, "utf8")) as Spec;
  return spec;
}

function compileTemplate(template: string, operation: Json): Template {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    // Parameters marked x-multi-segment (compare's basehead, a file path) may contain "/".
    const multi = (operation.parameters ?? []).some((p: Json) => p.name === name && p["x-multi-segment"]);
    return multi ? "(.+)" : "([^/]+)";
  });
  return { template, regex: new RegExp(`^${source}$`), names, literal: template.replace(/\{\w+\}/g, "").length };
}

/** The operation for a request: the matching template with the most literal text wins. */
function findOperation(method: string, path: string): { template: string; params: Record<string, string>; op: Operation } | undefined {
  if (!templates) {
    templates = new Map();
    for (const [template, item] of Object.entries(loadSpec().paths)) {
      for (const [verb, op] of Object.entries(item)) {
        const list = templates.get(verb.toUpperCase()) ?? [];
        list.push(compileTemplate(template, op));
        templates.set(verb.toUpperCase(), list);
      }
    }
    for (const list of templates.values()) list.sort((a, b) => b.literal - a.literal);
  }
  for (const t of templates.get(method) ?? []) {
    const m = t.regex.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(t.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    return { template: t.template, params, op: loadSpec().paths[t.template]![method.toLowerCase()]! };
  }
  return undefined;
}

/** Copies `schema`, moving every `#/components/...` it reaches into local `definitions`. */
function selfContained(schema: Json): Json {
  const definitions: Json = {};
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== "object") return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key !== "$ref" || typeof value !== "string" || !value.startsWith("#/components/")) {
        out[key] = rewrite(value);
        continue;
      }
      const [, , kind, name] = value.split("/") as [string, string, string, string];
      const local = `${kind}.${name}`;
      if (!(local in definitions)) {
        definitions[local] = {}; // placed first so that a recursive schema stops here
        definitions[local] = rewrite(loadSpec().components[kind]?.[name]);
      }
      out[key] = `#/definitions/${local}`;
    }
    return out;
  };
  // allOf, because draft-07 ignores the siblings of a root $ref.
  return { allOf: [rewrite(schema)], definitions };
}

function validatorFor(method: string, template: string, op: Operation): ValidateFunction | null {
  const key = `${method} ${template}`;
  if (!validators.has(key)) {
    const schema = op.requestBody?.content?.["application/json"]?.schema;
    validators.set(key, schema ? ajv.compile(selfContained(schema)) : null);
  }
  return validators.get(key)!;
}

function githubErrors(errors: ErrorObject[], resource: string): Json[] {
  return errors.map((e) => {
    const field = e.keyword === "required" ? e.params.missingProperty : e.instancePath.slice(1).replaceAll("/", ".");
    const code = e.keyword === "required" ? "missing_field" : "invalid";
    return {
      resource,
      field,
      code,
      message: `${field || "body"} ${e.message}${e.keyword === "enum" ? `: ${e.params.allowedValues.join(", ")}` : ""}`,
    };
  });
}

// ---------------------------------------------------------------- the fake's state and API

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status?: number;
}
export interface Violation {
  method: string;
  path: string;
  operationId: string;
  errors: Json[];
}
export interface PullSeed {
  number: number;
  title: string;
  author: string;
  headSha: string;
  headRef?: string;
  mergeCommitSha?: string;
  state?: "open" | "closed";
  labels?: string[];
}
export interface CommitSeed {
  sha: string;
  message: string;
  author: string;
  date?: string;
}
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  url: URL;
}

export interface GitHubFake {
  readonly url: string;
  readonly token: string;
  readonly repository: string;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  /** Every deployment created, oldest first, in GitHub's response shape. */
  readonly deployments: Json[];
  /** A deployment's statuses, oldest first. */
  statuses(deploymentId: number): Json[];
  /** An issue's or PR's comments, oldest first. */
  comments(issue: number): Json[];
  seedPull(pull: PullSeed): void;
  /** Appends to the repository's linear history (oldest first), which compare walks. */
  seedCommits(commits: CommitSeed[]): void;
  seedComment(issue: number, body: string, author?: string): Json;
  /** The next `times` requests to `METHOD template` get `reply` (after auth and validation). */
  inject(method: string, template: string, reply: Reply, times?: number): void;
  stop(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest";
const BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

function user(login: string, id = 1000 + (createHash("sha1").update(login).digest()[0] ?? 0), type = "User"): Json {
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    url: `${DOCS}/users/${login}`,
    html_url: `https://github.com/${login}`,
    type,
    site_admin: false,
  };
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function fail(status: number, message: string): never {
  throw Object.assign(new Error(message), { reply: { status, body: { message, documentation_url: DOCS, status: String(status) } } });
}

/** One page of `items` with GitHub's Link header; `perPage` as GitHub's default for the list. */
function paged(ctx: Ctx, items: unknown[], perPage = 30): Reply {
  const size = Math.min(Number(ctx.query.get("per_page") ?? perPage), 100);
  const page = Math.max(Number(ctx.query.get("page") ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / size), 1);
  const link = (n: number, rel: string) => {
    const u = new URL(ctx.url);
    u.searchParams.set("page", String(n));
    return `<${u}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
  return { status: 200, body: items.slice((page - 1) * size, page * size), headers: links.length ? { link: links.join(", ") } : {} };
}

export async function startGitHubFake(options: { repository?: string; token?: string } = {}): Promise<GitHubFake> {
  const repository = options.repository ?? "acme/shop";
  const token = options.token ?? "ghs_fake_token_0123456789";
  const [owner, repo] = repository.split("/") as [string, string];
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const deployments: Json[] = [];
  const statuses = new Map<number, Json[]>();
  const comments = new Map<number, Json[]>();
  const pulls = new Map<number, PullSeed>();
  const commits: CommitSeed[] = [];
  const injected: { key: string; reply: Reply; times: number }[] = [];
  let nextId = 1;
  let base = "";
  const api = () => `${base}/repos/${repository}`;

  const pullJson = (p: PullSeed): Json => ({
    url: `${api()}/pulls/${p.number}`,
    id: 5000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: `https://github.com/${repository}/pull/${p.number}`,
    number: p.number,
    state: p.mergeCommitSha ? "closed" : (p.state ?? "open"),
    locked: false,
    title: p.title,
    user: user(p.author),
    body: null,
    created_at: now(),
    updated_at: now(),
    closed_at: p.mergeCommitSha ? now() : null,
    merged_at: p.mergeCommitSha ? now() : null,
    merge_commit_sha: p.mergeCommitSha ?? null,
    draft: false,
    head: { label: `${owner}:${p.headRef ?? `pr-${p.number}`}`, ref: p.headRef ?? `pr-${p.number}`, sha: p.headSha, user: user(owner) },
    base: { label: `${owner}:main`, ref: "main", sha: commits.at(-1)?.sha ?? "0".repeat(40), user: user(owner) },
    author_association: "CONTRIBUTOR",
    labels: (p.labels ?? []).map(labelJson),
  });

  const labelJson = (name: string): Json => {
    const id = createHash("sha1").update(name).digest().readUInt32BE(0);
    return {
      id,
      node_id: `LA_${id}`,
      url: `${api()}/labels/${encodeURIComponent(name)}`,
      name,
      description: null,
      color: "ededed",
      default: false,
    };
  };

  const commitJson = (c: CommitSeed, index: number): Json => ({
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${api()}/commits/${c.sha}`,
    html_url: `https://github.com/${repository}/commit/${c.sha}`,
    commit: {
      message: c.message,
      author: { name: c.author, email: `${c.author}@users.noreply.github.com`, date: c.date ?? now() },
      committer: { name: "GitHub", email: "noreply@github.com", date: c.date ?? now() },
      tree: { sha: createHash("sha1").update(`tree ${c.sha}`).digest("hex"), url: `${api()}/git/trees/${c.sha}` },
      url: `${api()}/git/commits/${c.sha}`,
      comment_count: 0,
    },
    author: user(c.author),
    committer: user("web-flow"),
    parents: index > 0 ? [{ sha: commits[index - 1]!.sha, url: `${api()}/commits/${commits[index - 1]!.sha}` }] : [],
  });

  const commentJson = (issue: number, body: string, author: Json): Json => {
    const id = nextId++;
    return {
      id,
      node_id: `IC_${id}`,
      url: `${api()}/issues/comments/${id}`,
      html_url: `https://github.com/${repository}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${api()}/issues/${issue}`,
      body,
      user: author,
      created_at: now(),
      updated_at: now(),
      author_association: author["type"] === "Bot" ? "NONE" : "CONTRIBUTOR",
      performed_via_github_app: null,
    };
  };

  const deployment = (ctx: Ctx): Json => deployments.find((d) => d.id === Number(ctx.params.deployment_id)) ?? fail(404, "Not Found");
  const commitIndex = (ref: string): number => {
    const index = ref.length >= 7 ? commits.findIndex((c) => c.sha.startsWith(ref)) : -1;
    return index >= 0 ? index : fail(404, "Not Found");
  };

  const addStatus = (d: Json, body: Json): Json => {
    const id = nextId++;
    const status = {
      url: `${api()}/deployments/${d.id}/statuses/${id}`,
      id,
      node_id: `DES_${id}`,
      state: body.state,
      creator: user(BOT.login, BOT.id, BOT.type),
      description: body.description ?? "",
      environment: body.environment ?? d.environment,
      target_url: body.log_url ?? body.target_url ?? "",
      log_url: body.log_url ?? body.target_url ?? "",
      environment_url: body.environment_url ?? "",
      created_at: now(),
      updated_at: now(),
      deployment_url: d.url,
      repository_url: api(),
      performed_via_github_app: null,
    };
    statuses.get(d.id)!.push(status);
    return status;
  };

  /** GitHub's auto_inactive: earlier successful, non-transient, non-production deployments of the environment. */
  const autoInactive = (d: Json) => {
    for (const other of deployments) {
      if (other.id >= d.id || other.environment !== d.environment || other.transient_environment || other.production_environment) continue;
      if (statuses.get(other.id)!.at(-1)?.state === "success") addStatus(other, { state: "inactive" });
    }
  };

  const routes: Record<string, (ctx: Ctx) => Reply> = {
    "GET /repos/{owner}/{repo}": () => ({
      status: 200,
      body: {
        id: 4242,
        node_id: "R_4242",
        name: repo,
        full_name: repository,
        private: false,
        owner: user(owner),
        html_url: `https://github.com/${repository}`,
        url: api(),
        default_branch: "main",
        visibility: "public",
        permissions: { admin: false, push: true, pull: true },
      },
    }),
    "GET /repos/{owner}/{repo}/pulls/{pull_number}": (ctx) => {
      const pull = pulls.get(Number(ctx.params.pull_number)) ?? fail(404, "Not Found");
      return {
        status: 200,
        body: {
          ...pullJson(pull),
          merged: Boolean(pull.mergeCommitSha),
          mergeable: null,
          comments: comments.get(pull.number)?.length ?? 0,
          commits: 1,
        },
      };
    },
    "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": (ctx) => {
      const sha = ctx.params.commit_sha!;
      const found = [...pulls.values()].filter((p) => p.headSha === sha || p.mergeCommitSha === sha);
      return paged(ctx, found.map(pullJson));
    },
    "GET /repos/{owner}/{repo}/compare/{basehead}": (ctx) => {
      // The description has this path twice: {basehead} and the older {base}...{head}.
      const basehead = ctx.params.basehead ?? `${ctx.params.base}...${ctx.params.head}`;
      const [baseRef, headRef] = basehead.split("...") as [string, string | undefined];
      if (headRef === undefined) fail(404, "Not Found");
      const [from, to] = [commitIndex(baseRef), commitIndex(headRef)];
      const ahead = commits.slice(from + 1, to + 1).map((c, i) => commitJson(c, from + 1 + i));
      // Without page or per_page GitHub answers the first 250 commits; with them, pages of up to 100.
      const paging = ctx.query.has("page") || ctx.query.has("per_page");
      const page = paging ? (paged(ctx, ahead).body as Json[]) : ahead.slice(0, 250);
      const status = to > from ? "ahead" : to === from ? "identical" : "behind";
      const body = {
        url: `${api()}/compare/${basehead}`,
        html_url: `https://github.com/${repository}/compare/${basehead}`,
        base_commit: commitJson(commits[from]!, from),
        merge_base_commit: commitJson(commits[Math.min(from, to)]!, Math.min(from, to)),
        status,
        ahead_by: Math.max(to - from, 0),
        behind_by: Math.max(from - to, 0),
        total_commits: ahead.length,
        commits: page,
        files: [],
      };
      return { status: 200, body };
    },
    "POST /repos/{owner}/{repo}/deployments": (ctx) => {
      const id = nextId++;
      const ref = String(ctx.body.ref);
      const environment = ctx.body.environment ?? "production";
      const d = {
        url: `${api()}/deployments/${id}`,
        id,
        node_id: `DE_${id}`,
        sha: /^[0-9a-f]{40}$/.test(ref) ? ref : createHash("sha1").update(ref).digest("hex"),
        ref,
        task: ctx.body.task ?? "deploy",
        payload: ctx.body.payload ?? {},
        original_environment: environment,
        environment,
        description: ctx.body.description ?? "",
        creator: user(BOT.login, BOT.id, BOT.type),
        created_at: now(),
        updated_at: now(),
        statuses_url: `${api()}/deployments/${id}/statuses`,
        repository_url: api(),
        transient_environment: ctx.body.transient_environment ?? false,
        production_environment: ctx.body.production_environment ?? environment === "production",
        performed_via_github_app: null,
      };
      deployments.push(d);
      statuses.set(id, []);
      return { status: 201, body: d };
    },
    "GET /repos/{owner}/{repo}/deployments": (ctx) => {
      const filters = ["sha", "ref", "task", "environment"].filter((k) => ctx.query.has(k));
      const found = deployments.filter((d) => filters.every((k) => d[k] === ctx.query.get(k)));
      return paged(ctx, [...found].reverse());
    },
    "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (ctx) => {
      const d = deployment(ctx);
      const status = addStatus(d, ctx.body);
      if (ctx.body.state === "success" && ctx.body.auto_inactive !== false) autoInactive(d);
      return { status: 201, body: status };
    },
    "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (ctx) => paged(ctx, [...statuses.get(deployment(ctx).id)!].reverse()),
    "GET /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
      const pull = pulls.get(Number(ctx.params.issue_number)) ?? fail(404, "Not Found");
      return paged(ctx, (pull.labels ?? []).map(labelJson));
    },
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (ctx) => paged(ctx, comments.get(Number(ctx.params.issue_number)) ?? []),
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (ctx) => {
      const issue = Number(ctx.params.issue_number);
      if (!pulls.has(issue)) fail(404, "Not Found");
      return { status: 201, body: fake.seedComment(issue, ctx.body.body, BOT.login) };
    },
    "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (ctx) => {
      const id = Number(ctx.params.comment_id);
      const comment = [...comments.values()].flat().find((c) => c.id === id) ?? fail(404, "Not Found");
      Object.assign(comment, { body: ctx.body.body, updated_at: now() });
      return { status: 200, body: comment };
    },
  };

  routes["GET /repos/{owner}/{repo}/compare/{base}...{head}"] = routes["GET /repos/{owner}/{repo}/compare/{basehead}"]!;

  const authorized = (req: IncomingMessage) => {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    return m?.[1] === token;
  };

  /** Auth, JSON, route, body validation, then the handler: the order GitHub answers errors in. */
  const dispatch = (req: IncomingMessage, url: URL, text: string, record: RecordedRequest): Reply => {
    const method = req.method ?? "GET";
    let parsed = true;
    try {
      record.body = text ? JSON.parse(text) : undefined;
    } catch {
      [record.body, parsed] = [text, false];
    }
    if (!authorized(req)) fail(401, "Bad credentials");
    if (!parsed) fail(400, "Problems parsing JSON");
    const found = findOperation(method, url.pathname);
    if (!found) fail(404, "Not Found");
    if (found.params.owner?.toLowerCase() !== owner.toLowerCase() || found.params.repo?.toLowerCase() !== repo.toLowerCase())
      fail(404, "Not Found");
    const validate = validatorFor(method, found.template, found.op);
    if (validate && (record.body !== undefined || found.op.requestBody?.required) && !validate(record.body)) {
      const errors = githubErrors(validate.errors ?? [], found.op.operationId);
      violations.push({ method, path: url.pathname, operationId: found.op.operationId, errors });
      return { status: 422, body: { message: "Invalid request.", errors, documentation_url: DOCS, status: "422" } };
    }
    const key = `${method} ${found.template}`;
    const injection = injected.find((i) => i.key === key && i.times > 0);
    if (injection) {
      injection.times--;
      return injection.reply;
    }
    const route = routes[key] ?? fail(501, `The GitHub fake does not implement ${key}`);
    return route({ params: found.params, query: url.searchParams, body: (record.body ?? {}) as Json, url });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
    };
    requests.push(record);
    let reply: Reply;
    try {
      reply = dispatch(req, url, Buffer.concat(chunks).toString("utf8"), record);
    } catch (error) {
      reply = (error as { reply?: Reply }).reply ?? { status: 500, body: { message: String(error), documentation_url: DOCS } };
    }
    record.status = reply.status;
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      "content-type": "application/json; charset=utf-8",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": `FAKE:${requests.length}`,
      ...reply.headers,
    });
    res.end(text);
  };

  // A client that hangs up mid-body must not become an unhandled rejection in the test run.
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: GitHubFake = {
    url: base,
    token,
    repository,
    requests,
    violations,
    deployments,
    statuses: (id) => statuses.get(id) ?? [],
    comments: (issue) => comments.get(issue) ?? [],
    seedPull: (pull) => void pulls.set(pull.number, pull),
    seedCommits: (list) => void commits.push(...list),
    seedComment: (issue, body, author = "octocat") => {
      const comment = commentJson(issue, body, author === BOT.login ? user(BOT.login, BOT.id, BOT.type) : user(author));
      if (!comments.has(issue)) comments.set(issue, []);
      comments.get(issue)!.push(comment);
      return comment;
    },
    inject: (method, template, reply, times = 1) => void injected.push({ key: `${method.toUpperCase()} ${template}`, reply, times }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
