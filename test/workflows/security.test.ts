// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub expression text, not a JS template
// The security properties of issue 7, asserted over every workflow in .github/workflows. Each rule
// is a small function returning findings; the negative fixtures at the bottom break one property
// at a time in an otherwise clean workflow, proving each rule catches the violation it names.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPair, isScalar, LineCounter, parse, parseDocument, visit } from "yaml";
import { contextPaths, embedded } from "../helpers/expressions.js";

type Json = Record<string, any>;
interface Workflow {
  path: string;
  text: string;
  doc: Json;
}
interface Job {
  id: string;
  spec: Json;
  steps: Json[];
}
type Rule = (wf: Workflow) => string[];

const jobs = (wf: Workflow): Job[] =>
  Object.entries((wf.doc.jobs ?? {}) as Json).map(([id, spec]) => ({ id, spec, steps: (spec.steps ?? []) as Json[] }));
const forJobs =
  (check: (job: Job) => string | undefined): Rule =>
  (wf) =>
    jobs(wf).flatMap((job) => check(job) ?? []);
const uses = (step: Json, action: string) => typeof step.uses === "string" && step.uses.toLowerCase().startsWith(`${action}@`);
const environmentOf = (job: Job): string | undefined =>
  typeof job.spec.environment === "object" ? job.spec.environment?.name : job.spec.environment;
const groupOf = (job: Job): string | undefined =>
  typeof job.spec.concurrency === "object" ? job.spec.concurrency?.group : job.spec.concurrency;
const isEmptyMap = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
/** `${{ inputs.environment }}` and `${{inputs.environment}}` are the same expression. */
const squash = (text: string) => text.replace(/\s+/g, "");

// Contexts a `run:` script may interpolate: set by GitHub, never by whoever opens a PR or fills a form.
const SAFE_IN_RUN =
  /^(github\.(sha|run_id|run_number|run_attempt|repository|repository_id|repository_owner|workspace|action_path|server_url|api_url|event_name|job)|runner\.[\w-]+|strategy\.[\w-]+|job\.status)$/;

/** The events of `on:`, in any of its three shapes (a name, a list, a map). */
const eventNames = (on: unknown): string[] => (typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {}));

/** The text a step hands to a shell or a script interpreter. */
const scriptOf = (step: Json): string | undefined =>
  typeof step.run === "string" ? step.run : uses(step, "actions/github-script") ? step.with?.script : undefined;

/** Every `uses:` with the text of the line it is on (the YAML parser drops comments). */
function usesLines(wf: Workflow): { value: string; line: string }[] {
  const counter = new LineCounter();
  const doc = parseDocument(wf.text, { lineCounter: counter });
  const lines = wf.text.split("\n");
  const found: { value: string; line: string }[] = [];
  visit(doc, {
    Pair: (_, pair) => {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== "uses" || !isScalar(pair.value) || !pair.value.range) return;
      found.push({ value: String(pair.value.value), line: lines[counter.linePos(pair.value.range[0]).line - 1] ?? "" });
    },
  });
  return found;
}

/**
 * The node24 releases docs/workflow-pins.md vouches for (issue 16): "owner/action@sha" → release,
 * from the rows of its tables whose Runtime column is node24. A pin is moved by adding its row
 * (with the evidence) there first; a node20 release, or a SHA nobody checked, is not accepted.
 */
const PINS_DOC = "docs/workflow-pins.md";
function node24Pins(markdown: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    // | Action | Release | `sha` | Runtime | ...
    const [, action, release, commit, runtime] = cells;
    const sha = /^`([0-9a-f]{40})`$/.exec(commit ?? "")?.[1];
    if (sha && runtime === "node24" && action && release) pins.set(`${action}@${sha}`, release);
  }
  return pins;
}
const NODE24_PINS = node24Pins(readFileSync(PINS_DOC, "utf8"));

const RULES: Record<string, Rule> = {
  "top-level permissions are {}": (wf) => (isEmptyMap(wf.doc.permissions) ? [] : ["top-level permissions must be {} (deny by default)"]),

  "every job sets permissions": forJobs((job) =>
    job.spec.permissions && typeof job.spec.permissions === "object" ? undefined : `${job.id}: no permissions map`,
  ),

  "id-token: write exactly where google-github-actions/auth is used": forJobs((job) => {
    const wif = job.steps.some((s) => uses(s, "google-github-actions/auth"));
    const token = job.spec.permissions?.["id-token"] === "write";
    return wif === token ? undefined : `${job.id}: id-token ${token ? "granted without" : "missing for"} google-github-actions/auth`;
  }),

  "every job has timeout-minutes": forJobs((job) =>
    typeof job.spec["timeout-minutes"] === "number" && job.spec["timeout-minutes"] > 0 ? undefined : `${job.id}: no timeout-minutes`,
  ),

  "every job has a concurrency group": forJobs((job) => (groupOf(job) ? undefined : `${job.id}: no concurrency group`)),

  "an environment's jobs share its concurrency group": forJobs((job) => {
    // A preview job's environment is its transient `pr-<N>` one: it moves no traffic of the dev
    // service (rollouts treat preview tags as benign), and sharing runway-dev would let a queued
    // preview cancel a pending merge deploy, since GitHub keeps one pending job per group.
    const preview = job.steps.some((s) => typeof s.uses === "string" && /actions\/preview$/.test(s.uses));
    const environment = preview ? "pr-${{ github.event.pull_request.number }}" : environmentOf(job);
    // Exactly one group per environment: a suffixed group (runway-dev-pr-1) would not exclude runway-dev.
    if (environment === undefined || squash(groupOf(job) ?? "") === squash(`runway-${environment}`)) return undefined;
    return `${job.id}: group ${groupOf(job)} is not runway-${environment}`;
  }),

  "prod jobs run in environment: prod": forJobs((job) => {
    const targets = job.steps.map((s) => s.with?.environment).filter((e): e is string => typeof e === "string");
    const prod = targets.includes("prod") || squash(groupOf(job) ?? "").includes("runway-prod");
    // A target chosen at run time must be the job's environment too, so prod's reviewers gate it.
    const chosen = targets.find((t) => t.includes("${{"));
    if (prod && environmentOf(job) !== "prod") return `${job.id}: deploys to prod without environment: prod`;
    if (chosen && squash(environmentOf(job) ?? "") !== squash(chosen))
      return `${job.id}: targets ${chosen} but runs in environment ${environmentOf(job)}`;
    return undefined;
  }),

  "no pull_request_target": (wf) => (eventNames(wf.doc.on).includes("pull_request_target") ? ["triggered by pull_request_target"] : []),

  "third-party actions pinned by SHA with a version comment": (wf) =>
    usesLines(wf).flatMap(({ value, line }) => {
      if (value.startsWith("./")) return [];
      if (value.startsWith("docker://"))
        return /@sha256:[0-9a-f]{64}$/.test(value) ? [] : [`${value}: a docker image not pinned by digest`];
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(value)) return [`${value}: not pinned to a 40-hex commit SHA`];
      return /@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\b/.test(line) ? [] : [`${value}: no "# vX.Y.Z" comment on its line`];
    }),

  "third-party pins are node24 releases listed in docs/workflow-pins.md": (wf) =>
    usesLines(wf).flatMap(({ value, line }) => {
      if (value.startsWith("./") || value.startsWith("docker://")) return [];
      const release = NODE24_PINS.get(value);
      if (release === undefined) return [`${value}: not a node24 release pinned in ${PINS_DOC}`];
      const comment = /@[0-9a-f]{40}\s+#\s*(v\d+(?:\.\d+)*)\b/.exec(line)?.[1];
      return comment === release ? [] : [`${value}: the comment says ${comment ?? "nothing"}, ${PINS_DOC} says ${release}`];
    }),

  "no user-controlled expression in run scripts": forJobs((job) => {
    const bad = job.steps.flatMap((step) =>
      embedded(scriptOf(step) ?? "").flatMap((e) => contextPaths(e.source).filter((p) => !SAFE_IN_RUN.test(p))),
    );
    return bad.length ? `${job.id}: ${bad.join(", ")} interpolated into a script (pass it through env:)` : undefined;
  }),

  "checkout does not persist credentials": forJobs((job) => {
    const leaky = job.steps.filter((s) => uses(s, "actions/checkout") && String(s.with?.["persist-credentials"]) !== "false");
    return leaky.length ? `${job.id}: actions/checkout without persist-credentials: false` : undefined;
  }),
};

function findings(wf: Workflow): { rule: string; message: string }[] {
  return Object.entries(RULES).flatMap(([rule, check]) => check(wf).map((message) => ({ rule, message })));
}

const load = (path: string, text = readFileSync(path, "utf8")): Workflow => ({ path, text, doc: parse(text) as Json });
const WORKFLOWS = readdirSync(".github/workflows")
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => load(join(".github/workflows", f)));

describe("every workflow has the security properties", () => {
  it("finds the five workflows of the issue", () => {
    expect(WORKFLOWS.map((w) => w.path.split("/").pop()).sort()).toEqual([
      "ci.yml",
      "deploy-dev.yml",
      "pr-preview.yml",
      "promote.yml",
      "rollback.yml",
    ]);
  });

  it.each(WORKFLOWS.map((w) => [w.path, w] as const))("%s", (_, wf) => {
    expect(findings(wf)).toEqual([]);
  });

  it(`${PINS_DOC} vouches for exactly the pins the workflows use, one release per action`, () => {
    const used = WORKFLOWS.flatMap((wf) => usesLines(wf).map((u) => u.value)).filter(
      (v) => !v.startsWith("./") && !v.startsWith("docker://"),
    );
    expect([...NODE24_PINS.keys()].sort()).toEqual([...new Set(used)].sort());
    const actions = [...NODE24_PINS.keys()].map((pin) => pin.split("@")[0]);
    expect(actions.length).toBe(new Set(actions).size);
  });

  it("the prod promotion waits for approval in environment prod", () => {
    const promote = WORKFLOWS.find((w) => w.path.endsWith("promote.yml"))!;
    expect(promote.doc.jobs.prod.environment).toBe("prod");
  });
});

// ---------------------------------------------------------------- negative fixtures

const CLEAN = `
on:
  pull_request:
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    environment: prod
    concurrency:
      group: runway-prod
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - uses: google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0
        with:
          workload_identity_provider: wif
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "$TITLE" \${{ github.sha }}
      - uses: ./actions/deploy
        with:
          environment: prod
`;

/** [what breaks, text replaced, replacement, the rule that must catch it] */
const BROKEN: [string, string, string, string][] = [
  ["no top-level permissions", "permissions: {}\n", "", "top-level permissions are {}"],
  ["write-all at the top", "permissions: {}", "permissions: write-all", "top-level permissions are {}"],
  ["a job without permissions", "    permissions:\n      contents: read\n      id-token: write\n", "", "every job sets permissions"],
  [
    "id-token without auth",
    "      - uses: google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0\n        with:\n          workload_identity_provider: wif\n",
    "",
    "id-token: write exactly where google-github-actions/auth is used",
  ],
  ["auth without id-token", "      id-token: write\n", "", "id-token: write exactly where google-github-actions/auth is used"],
  ["no timeout", "    timeout-minutes: 10\n", "", "every job has timeout-minutes"],
  ["no concurrency", "    concurrency:\n      group: runway-prod\n", "", "every job has a concurrency group"],
  ["a group not naming the environment", "group: runway-prod", "group: deploys", "an environment's jobs share its concurrency group"],
  [
    "a group of its own inside the environment",
    "group: runway-prod",
    "group: runway-prod-pr-1",
    "an environment's jobs share its concurrency group",
  ],
  ["a prod deploy outside environment prod", "    environment: prod\n", "", "prod jobs run in environment: prod"],
  [
    "a run-time target in another environment",
    "          environment: prod",
    "          environment: ${{ inputs.environment }}",
    "prod jobs run in environment: prod",
  ],
  ["pull_request_target", "  pull_request:", "  pull_request_target:", "no pull_request_target"],
  [
    "a tag pin",
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "actions/checkout@v4",
    "third-party actions pinned by SHA with a version comment",
  ],
  ["a short SHA", "@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093", "@7c6bc77", "third-party actions pinned by SHA with a version comment"],
  ["a SHA without its version comment", " # v3.0.0", "", "third-party actions pinned by SHA with a version comment"],
  [
    "a docker image by tag",
    "      - uses: ./actions/deploy",
    "      - uses: docker://alpine:3.20\n      - uses: ./actions/deploy",
    "third-party actions pinned by SHA with a version comment",
  ],
  [
    "a downgrade to a node20 release",
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    "third-party pins are node24 releases listed in docs/workflow-pins.md",
  ],
  [
    "a SHA the pin table does not vouch for",
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "actions/checkout@0123456789abcdef0123456789abcdef01234567 # v7.0.1",
    "third-party pins are node24 releases listed in docs/workflow-pins.md",
  ],
  [
    "a comment naming another release than the pinned one",
    " # v7.0.1",
    " # v7.0.0",
    "third-party pins are node24 releases listed in docs/workflow-pins.md",
  ],
  [
    "the PR title in a script",
    'echo "$TITLE"',
    'echo "${{ github.event.pull_request.title }}"',
    "no user-controlled expression in run scripts",
  ],
  ["a dispatch input in a script", 'echo "$TITLE"', "echo ${{ inputs.reason }}", "no user-controlled expression in run scripts"],
  [
    "the branch name in a script",
    'echo "$TITLE"',
    "git push origin ${{ github.head_ref }}",
    "no user-controlled expression in run scripts",
  ],
  [
    "a step output in a script",
    'echo "$TITLE"',
    "deploy ${{ steps.build.outputs.digest }}",
    "no user-controlled expression in run scripts",
  ],
  ["a secret in a script", 'echo "$TITLE"', "login ${{ secrets.TOKEN }}", "no user-controlled expression in run scripts"],
  [
    "an event field by index, hidden in format()",
    'echo "$TITLE"',
    "echo ${{ format('{0}', github['event']['comment']['body']) }}",
    "no user-controlled expression in run scripts",
  ],
  [
    "a script of github-script",
    "      - uses: ./actions/deploy",
    "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1\n        with:\n          script: console.log('${{ github.event.issue.title }}')\n      - uses: ./actions/deploy",
    "no user-controlled expression in run scripts",
  ],
  [
    "checkout keeping the token",
    "          persist-credentials: false",
    "          persist-credentials: true",
    "checkout does not persist credentials",
  ],
  [
    "checkout with default credentials",
    "        with:\n          persist-credentials: false\n",
    "",
    "checkout does not persist credentials",
  ],
];

describe("each rule catches its violation", () => {
  it("the clean fixture passes every rule", () => {
    expect(findings(load("clean.yml", CLEAN))).toEqual([]);
  });

  it.each(BROKEN)("%s", (_, from, to, rule) => {
    if (!CLEAN.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} is not in the clean workflow`);
    const broken = load("broken.yml", CLEAN.replace(from, to));
    expect(findings(broken).map((f) => f.rule)).toContain(rule);
  });

  it("every rule has at least one negative fixture", () => {
    expect(new Set(BROKEN.map((b) => b[3]))).toEqual(new Set(Object.keys(RULES)));
  });
});

// Issue 16: nothing is fetched at deploy time outside a lockfile. The actions that may run the
// migration gate need squawk, a dependency of Runway: the job installs it from Runway's lockfile
// (npm ci checks each package's integrity) in .runway before the action runs.
describe("Runway's runtime dependencies come from its lockfile", () => {
  const GATED = /^\.\/\.runway\/actions\/(deploy|promote|migration-gate)$/;
  const INSTALL = /^npm ci --omit=dev --ignore-scripts\b/;
  const jobsRunningTheGate = WORKFLOWS.flatMap((wf) =>
    jobs(wf)
      .filter((job) => job.steps.some((s) => GATED.test(String(s.uses))))
      .map((job) => [`${wf.path} ${job.id}`, job] as const),
  );

  it("finds the jobs that may run the gate", () => {
    expect(jobsRunningTheGate.map(([name]) => name).sort()).toEqual([
      ".github/workflows/deploy-dev.yml deploy",
      ".github/workflows/promote.yml prod",
      ".github/workflows/promote.yml qa",
    ]);
  });

  it.each(jobsRunningTheGate)("%s runs npm ci --omit=dev in .runway before the action", (_, job) => {
    const install = job.steps.findIndex((s) => s["working-directory"] === ".runway" && INSTALL.test(String(s.run ?? "")));
    const action = job.steps.findIndex((s) => GATED.test(String(s.uses)));
    expect(install, "no `npm ci --omit=dev --ignore-scripts` step in .runway").toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(action);
  });

  it("no workflow runs npx --yes or installs outside a lockfile", () => {
    const scripts = WORKFLOWS.flatMap((wf) => jobs(wf).flatMap((job) => job.steps.map((s) => String(s.run ?? ""))));
    expect(scripts.filter((s) => /\bnpx\b|npm (install|i|exec)\b/.test(s))).toEqual([]);
  });
});
