// Runs a workflow file the way GitHub would for one synthetic event, as far as Runway's own code is
// concerned: the jobs whose `if:` holds run in `needs` order; their `uses: ./actions/<name>` (or
// `./.runway/actions/<name>`, Runway checked out beside a caller's code) steps run the bundled
// dist/<name>/index.js through runBundledAction, with `with:` and the action.yml defaults resolved
// from the expression contexts. Every other step (third-party actions, `run:` scripts) is never
// executed: its outputs come from the test's stubs, and a script is only rendered, for inspection.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { parse } from "yaml";
import { type ActionRun, runBundledAction } from "./action.js";
import { workspace } from "./commands.js";
import { digest } from "./deploy.js";
import { type EmulatorFixture, useEmulator } from "./emulator.js";
import { type Contexts, condition, interpolate, type JobStatus } from "./expressions.js";
import { type GitHubFake, startGitHubFake } from "./github-fake.js";

type Json = Record<string, any>;
export type Outcome = "success" | "failure" | "skipped";

/** A synthetic event: its name and the payload GitHub would put in GITHUB_EVENT_PATH. */
export interface HarnessEvent {
  name: string;
  payload: Json;
}

export interface HarnessOptions {
  /** The workflow file, e.g. ".github/workflows/pr-preview.yml". */
  workflow: string;
  event: HarnessEvent;
  repository: string;
  token: string;
  /** The GitHub API the actions talk to (the fake's URL). */
  apiUrl: string;
  /** github.sha; by default the push's `after`, or a pull request's (synthetic) merge commit. */
  sha?: string;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** workflow_call inputs (workflow_dispatch inputs come from the event payload). */
  inputs?: Record<string, unknown>;
  /** Outputs of the steps that are not run: job id → step id → outputs. */
  stubs?: Record<string, Record<string, Record<string, string>>>;
  /** Added to every action's process environment (RUNWAY_EMULATOR_HOST, GITHUB_WORKSPACE…). */
  env?: Record<string, string>;
}

export interface StepResult {
  id?: string;
  name: string;
  kind: "action" | "stub";
  outcome: Outcome;
  with: Record<string, string>;
  env: Record<string, string>;
  outputs: Record<string, string>;
  /** The bundled action's run (code, stdout, summary), for `uses: ./actions/…` steps. */
  run?: ActionRun;
  /** A `run:` script as the runner would write it to disk, expressions substituted; never executed. */
  script?: string;
}

export interface JobResult {
  id: string;
  ran: boolean;
  result: Outcome;
  environment?: string;
  concurrency?: string;
  outputs: Record<string, string>;
  steps: StepResult[];
}

export interface WorkflowRun {
  /** Whether the workflow's `on:` matches the event at all. */
  triggered: boolean;
  jobs: Record<string, JobResult>;
  /** Every bundled action that ran, in order. */
  actions: (ActionRun & { job: string; action: string })[];
}

// ---------------------------------------------------------------- triggers and contexts

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*/g, "\0")
      .replace(/\*/g, "[^/]*")
      .replace(/\0/g, ".*")}$`,
  );

/** `on:` as a map of event → filter, whichever of the three YAML shapes it was written in. */
function triggers(on: unknown): Json {
  if (typeof on === "string") return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [e, {}]));
  return (on ?? {}) as Json;
}

/** Event name, activity types and branch filters (path filters are not modelled). */
export function isTriggered(on: unknown, event: HarnessEvent): boolean {
  if (!(event.name in triggers(on))) return false;
  const filter = (triggers(on)[event.name] ?? {}) as Json;
  const defaults = event.name.startsWith("pull_request") ? ["opened", "synchronize", "reopened"] : undefined;
  const types = (filter.types as string[] | undefined) ?? defaults;
  if (types && event.payload.action && !types.includes(event.payload.action)) return false;
  const branch = event.name.startsWith("pull_request")
    ? event.payload.pull_request?.base?.ref
    : String(event.payload.ref ?? "").replace(/^refs\/heads\//, "");
  const branches = filter.branches as string[] | undefined;
  return !branches || branches.some((b) => glob(b).test(String(branch)));
}

/** The `inputs` context: the given values, else the declared defaults, typed as GitHub types them. */
function inputsContext(wf: Json, options: HarnessOptions): Json {
  const dispatch = options.event.name === "workflow_dispatch";
  if (!dispatch && !options.inputs) return {};
  const declared = (triggers(wf.on)[dispatch ? "workflow_dispatch" : "workflow_call"]?.inputs ?? {}) as Record<string, Json>;
  const given = ((dispatch ? options.event.payload.inputs : options.inputs) ?? {}) as Json;
  return Object.fromEntries(Object.entries(declared).map(([key, spec]) => [key, typedInput(key, spec, given[key])]));
}

/** GitHub refuses a dispatch missing a required input or naming an unknown choice. */
function typedInput(key: string, spec: Json, given: unknown): unknown {
  if (spec.required && given === undefined && spec.default === undefined) throw new Error(`input ${key} is required`);
  const value = given ?? spec.default ?? (spec.type === "boolean" ? false : "");
  if (spec.type === "choice" && !(spec.options as string[]).includes(String(value)))
    throw new Error(`input ${key}: ${JSON.stringify(value)} is not one of ${spec.options}`);
  if (spec.type === "boolean") return value === true || value === "true";
  return spec.type === "number" ? Number(value) : String(value);
}

function githubContext(options: HarnessOptions): Json {
  const { payload, name } = options.event;
  const pr = payload.pull_request as Json | undefined;
  const ref = pr ? `refs/pull/${pr.number}/merge` : String(payload.ref ?? "refs/heads/main");
  return {
    event_name: name,
    event: payload,
    repository: options.repository,
    repository_owner: options.repository.split("/")[0],
    // For a pull request GitHub runs the test merge commit, not the head: a workflow that wants the head must say so.
    sha:
      options.sha ?? payload.after ?? (pr ? (pr.merge_commit_sha ?? createHash("sha1").update(`merge ${pr.head?.sha}`).digest("hex")) : ""),
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ""),
    head_ref: pr?.head?.ref ?? "",
    base_ref: pr?.base?.ref ?? "",
    token: options.token,
    actor: payload.sender?.login ?? "octocat",
    run_id: "4242",
    run_number: "1",
    server_url: "https://github.com",
    api_url: options.apiUrl,
  };
}

/** What the runner exports to every step's process. */
function runnerEnv(github: Json): Record<string, string> {
  return {
    GITHUB_REPOSITORY: github.repository,
    GITHUB_SHA: github.sha,
    GITHUB_REF: github.ref,
    GITHUB_EVENT_NAME: github.event_name,
    GITHUB_HEAD_REF: github.head_ref,
    GITHUB_BASE_REF: github.base_ref,
    GITHUB_ACTOR: github.actor,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_API_URL: github.api_url,
  };
}

const evaluateMap = (map: unknown, contexts: Contexts): Record<string, string> =>
  Object.fromEntries(Object.entries((map ?? {}) as Json).map(([k, v]) => [k, interpolate(v, contexts)]));

// ---------------------------------------------------------------- steps

/** The bundle a local `uses:` runs, from its action.yml; only Runway's own actions are supported. */
function localAction(uses: string): { name: string; meta: Json } {
  const m = /^\.\/(?:\.runway\/)?actions\/([\w-]+)\/?$/.exec(uses);
  if (!m) throw new Error(`the harness runs only Runway's actions, not ${uses}`);
  const name = m[1] as string;
  const meta = parse(readFileSync(join("actions", name, "action.yml"), "utf8")) as Json;
  if (meta.runs?.main !== `../../dist/${name}/index.js`) throw new Error(`${uses}: runs.main is not ../../dist/${name}/index.js`);
  return { name, meta };
}

/** INPUT_* as the runner sets them: `with:` values, else action.yml defaults, all as strings. */
function actionInputs(uses: string, meta: Json, given: Json, contexts: Contexts): Record<string, string> {
  const declared = (meta.inputs ?? {}) as Record<string, Json>;
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length) throw new Error(`${uses}: unexpected input(s) ${unknown.join(", ")}`);
  return Object.fromEntries(
    Object.entries(declared).map(([k, spec]) => [k, interpolate(k in given ? given[k] : (spec.default ?? ""), contexts)]),
  );
}

async function runStep(
  step: Json,
  stub: Record<string, string> | undefined,
  contexts: Contexts,
  base: { env: Record<string, string>; event: Json },
): Promise<StepResult> {
  const env = { ...(contexts.env as Record<string, string>), ...evaluateMap(step.env, contexts) };
  const name = String(step.name ?? step.uses ?? "run");
  const common = { id: step.id as string | undefined, name, env };
  if (typeof step.uses === "string" && step.uses.startsWith("./")) {
    const action = localAction(step.uses);
    const inputs = actionInputs(step.uses, action.meta, step.with ?? {}, contexts);
    const run = await runBundledAction(action.name, inputs, { ...base.env, ...env }, base.event);
    return { ...common, kind: "action", with: inputs, outputs: run.outputs, run, outcome: run.code === 0 ? "success" : "failure" };
  }
  const script = typeof step.run === "string" ? interpolate(step.run, contexts) : undefined;
  return { ...common, kind: "stub", with: evaluateMap(step.with, contexts), outputs: stub ?? {}, script, outcome: "success" };
}

// ---------------------------------------------------------------- jobs

/** Jobs in an order where every job comes after the jobs it needs. */
function ordered(jobs: Record<string, Json>): string[] {
  const done: string[] = [];
  const visit = (id: string, path: string[]) => {
    if (done.includes(id)) return;
    if (path.includes(id)) throw new Error(`needs cycle: ${[...path, id].join(" → ")}`);
    for (const need of needsOf(jobs[id] ?? {})) visit(need, [...path, id]);
    done.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id, []);
  return done;
}

const needsOf = (job: Json): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));

function needsStatus(needs: string[], results: Record<string, JobResult>): JobStatus {
  const outcomes = needs.map((n) => results[n]?.result);
  return outcomes.includes("failure") ? "failure" : outcomes.includes("skipped") ? "skipped" : "success";
}

interface Shared {
  options: HarnessOptions;
  github: Json;
  inputs: Json;
  workflowEnv: Json;
  results: Record<string, JobResult>;
}

const notRun = (id: string): JobResult => ({ id, ran: false, result: "skipped", outputs: {}, steps: [] });
const skippedStep = (step: Json): StepResult => ({
  id: step.id,
  name: String(step.name ?? step.uses ?? "run"),
  kind: "stub",
  outcome: "skipped",
  with: {},
  env: {},
  outputs: {},
});

/** The steps in order; a failure skips the rest unless their if: asks for failure() or always(). */
async function runSteps(id: string, job: Json, contexts: Contexts, shared: Shared): Promise<StepResult[]> {
  const { options, github } = shared;
  const base = { env: { ...runnerEnv(github), ...options.env }, event: options.event.payload };
  const steps = contexts.steps as Record<string, Json>;
  const done: StepResult[] = [];
  for (const step of (job.steps ?? []) as Json[]) {
    const status: JobStatus = done.some((s) => s.outcome === "failure") ? "failure" : "success";
    contexts.job = { status };
    const result = condition(step.if, contexts, status)
      ? await runStep(step, options.stubs?.[id]?.[step.id], contexts, base)
      : skippedStep(step);
    if (step.id) steps[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.outcome };
    done.push(result);
  }
  return done;
}

async function runJob(id: string, job: Json, shared: Shared): Promise<JobResult> {
  const { options, github, inputs, results } = shared;
  const needs = Object.fromEntries(needsOf(job).map((n) => [n, { result: results[n]?.result, outputs: results[n]?.outputs ?? {} }]));
  const jobContexts: Contexts = { github, inputs, vars: options.vars ?? {}, needs };
  if (!condition(job.if, jobContexts, needsStatus(needsOf(job), results))) return notRun(id);
  if (job.uses || job.strategy?.matrix) throw new Error(`${id}: reusable-workflow and matrix jobs are not supported by the harness`);
  const concurrency = interpolate(job.concurrency?.group ?? job.concurrency, jobContexts);
  const environment = job.environment === undefined ? undefined : interpolate(job.environment?.name ?? job.environment, jobContexts);
  const contexts: Contexts = {
    ...jobContexts,
    secrets: options.secrets ?? {},
    steps: {},
    matrix: {},
    strategy: {},
    runner: { os: "Linux", arch: "X64" },
    env: {},
  };
  contexts.env = { ...evaluateMap(shared.workflowEnv, contexts), ...evaluateMap(job.env, contexts) };
  const steps = await runSteps(id, job, contexts, shared);
  const result: Outcome = steps.some((s) => s.outcome === "failure") ? "failure" : "success";
  return { id, ran: true, result, environment, concurrency, outputs: evaluateMap(job.outputs, contexts), steps };
}

/** Runs `options.workflow` for `options.event`; see the file's header for what runs and what is stubbed. */
export async function runWorkflow(options: HarnessOptions): Promise<WorkflowRun> {
  const wf = parse(readFileSync(options.workflow, "utf8")) as Json;
  const jobs = (wf.jobs ?? {}) as Record<string, Json>;
  if (!isTriggered(wf.on, options.event)) {
    return { triggered: false, jobs: Object.fromEntries(Object.keys(jobs).map((id) => [id, notRun(id)])), actions: [] };
  }
  const shared: Shared = {
    options,
    github: githubContext(options),
    inputs: inputsContext(wf, options),
    workflowEnv: wf.env ?? {},
    results: {},
  };
  for (const id of ordered(jobs)) shared.results[id] = await runJob(id, jobs[id] as Json, shared);
  const actions = Object.values(shared.results).flatMap((job) =>
    job.steps.flatMap((s) => (s.run ? [{ ...s.run, job: job.id, action: s.name }] : [])),
  );
  return { triggered: true, jobs: shared.results, actions };
}

// ---------------------------------------------------------------- synthetic events

/** The base branch's commit of a synthetic pull request, unless the test gives one. */
export const baseSha = (number: number | string) => createHash("sha1").update(`base ${number}`).digest("hex");

/** Builders of the events the workflows react to, for one repository. */
export function events(repository: string) {
  const common = { repository: { full_name: repository }, sender: { login: "octocat" } };
  return {
    /**
     * A pull_request event; `fork` names the head repository when it is not this one, `author` the
     * pull request's user (and, unless `actor` says otherwise, the sender: github.actor), and
     * `baseSha` the base branch's commit (by default one derived from the number).
     */
    pull(
      action: string,
      number: number | string,
      headSha: string,
      extra: { fork?: string; title?: string; ref?: string; author?: string; actor?: string; baseSha?: string } = {},
    ): HarnessEvent {
      const head = { sha: headSha, ref: extra.ref ?? `feature-${number}`, repo: { full_name: extra.fork ?? repository } };
      const base = { ref: "main", sha: extra.baseSha ?? baseSha(number), repo: { full_name: repository } };
      const user = { login: extra.author ?? "octocat" };
      const pull_request = {
        number,
        title: extra.title ?? `Change ${number}`,
        state: action === "closed" ? "closed" : "open",
        user,
        head,
        base,
      };
      const sender = { login: extra.actor ?? user.login };
      return { name: "pull_request", payload: { action, number, pull_request, ...common, sender } };
    },
    push: (after: string, ref = "refs/heads/main"): HarnessEvent => ({ name: "push", payload: { ref, after, ...common } }),
    dispatch: (inputs: Record<string, unknown>): HarnessEvent => ({
      name: "workflow_dispatch",
      payload: { inputs, ref: "refs/heads/main", ...common },
    }),
  };
}

// ---------------------------------------------------------------- a fixture for workflow tests

/** Repository variables the workflows read; any values do, since auth and build are stubbed. */
export const VARS = {
  GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/123/locations/global/workloadIdentityPools/github/providers/acme",
  GCP_BUILD_SERVICE_ACCOUNT: "runway-build@demo-project.iam.gserviceaccount.com",
  GCP_DEPLOY_SERVICE_ACCOUNT: "runway-deploy@demo-project.iam.gserviceaccount.com",
  ARTIFACT_REGISTRY_HOST: "asia-northeast3-docker.pkg.dev",
  IMAGE_REPOSITORY: "asia-northeast3-docker.pkg.dev/demo-project/app/web",
};

/** The outputs of the build job's steps, which are never run: image `n`, pushed by digest. */
export const built = (n: number) => ({ build: { build: { digest: digest(n).split("@")[1] as string }, image: { ref: digest(n) } } });

export interface WorkflowFixture {
  fx: EmulatorFixture;
  github: GitHubFake;
  /** A workspace with the shipped environments; qa's canary wait is cut to 1 s. */
  root: string;
  event: ReturnType<typeof events>;
  run(file: string, event: HarnessEvent, extra?: Partial<HarnessOptions>): Promise<WorkflowRun>;
}

/** The emulator (reset before each test), the fake GitHub API and a workspace, for one test file. */
export function useWorkflowFixture(repository = "acme/shop"): WorkflowFixture {
  const fixture = { fx: useEmulator(), event: events(repository) } as WorkflowFixture;
  beforeAll(async () => {
    fixture.github = await startGitHubFake({ repository });
    // The bundles use the real clock: qa's two-minute canary wait would make a promotion slow.
    fixture.root = workspace({ qa: (y) => y.replace(/wait: 2m/, "wait: 1s") });
  });
  afterAll(async () => fixture.github?.stop());
  fixture.run = (file, trigger, extra = {}) => {
    const env = { RUNWAY_EMULATOR_HOST: fixture.fx.emu.grpc, GITHUB_WORKSPACE: fixture.root };
    const { github } = fixture;
    return runWorkflow({
      workflow: `.github/workflows/${file}`,
      event: trigger,
      repository: github.repository,
      token: github.token,
      apiUrl: github.url,
      vars: VARS,
      env,
      ...extra,
    });
  };
  return fixture;
}
