// Hostile input: configs, command inputs, rollback targets, event payloads and tokens. Each case
// must be rejected before any write (the emulator's call log shows no mutating call), or be
// carried as inert data: never executed (a sentinel file a shell would create stays absent),
// never printed when secret.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/commands/context.js";
import { deployCommand } from "../../src/commands/deploy.js";
import { previewCommand } from "../../src/commands/preview.js";
import { promoteCommand } from "../../src/commands/promote.js";
import { rollbackCommand } from "../../src/commands/rollback.js";
import { schedulerCommand } from "../../src/commands/scheduler.js";
import { statusCommand } from "../../src/commands/status.js";
import { ANNOTATION_LEDGER } from "../../src/core/ledger.js";
import { servedTraffic } from "../../src/core/traffic.js";
import { runBundledAction } from "../helpers/action.js";
import { commandContext, workspace } from "../helpers/commands.js";
import { digest, sha } from "../helpers/deploy.js";
import { PARENT, useEmulator } from "../helpers/emulator.js";
import { type GitHubFake, startGitHubFake } from "../helpers/github-fake.js";
import { withDefaults } from "./action-inputs.js";
import { deployTo } from "./scenarios.js";
import { record } from "./tally.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();
const SENTINEL = join(tempDir("runway-hostile-"), "pwned");
/** Shell payloads that would create SENTINEL if anything ever evaluated them. */
const SHELL = [
  `$(touch ${SENTINEL})`,
  `\`touch ${SENTINEL}\``,
  `x; touch ${SENTINEL}`,
  `x && touch ${SENTINEL} #`,
  `x\ntouch ${SENTINEL}`,
  `'"; touch ${SENTINEL}; echo "`,
];
const configDir = "environments";

/**
 * rejected: refused with no mutating call. rejected-or-inert: may also succeed, the value being
 * data. refused-unchanged: refused, and a write may have been attempted but Cloud Run refused it
 * and the service is exactly as before (see "rollback `to`" in docs/reliability.md).
 * cloud-refused-unchanged: Runway wrote back what Cloud Run reported and Cloud Run refused it
 * (INVALID_ARGUMENT): the error names Runway's step and Cloud Run's field, the service is as before.
 */
type Verdict = "rejected" | "rejected-or-inert" | "refused-unchanged" | "cloud-refused-unchanged";
interface Case {
  title: string;
  verdict: Verdict;
  /** Brings the emulator to the case's starting point; its writes are not the case's. */
  setup?: (root: string) => Promise<void>;
  edit?: Record<string, (yaml: string) => string>;
  run: (ctx: CommandContext, root: string) => Promise<unknown>;
  /** A product bug this case exposes (docs/reliability.md, "Product bugs found"): run as it.fails. */
  knownBug?: string;
}

const deployQa =
  (over: Partial<{ environment: string; image: string; commit: string; configDir: string }> = {}) =>
  (ctx: CommandContext, root: string) =>
    deployCommand({ environment: "qa", image: digest(1), commit: sha(1), dryRun: false, configDir, root, ...over }, ctx);
const preview =
  (over: Partial<{ pr: string; image: string; commit: string; environment: string }> = {}) =>
  (ctx: CommandContext, root: string) =>
    previewCommand(
      { action: "deploy", pr: "42", image: digest(2), commit: sha(2), fork: false, environment: "dev", configDir, root, ...over },
      ctx,
    );
const rollbackQa = (to: string) => (ctx: CommandContext, root: string) =>
  rollbackCommand({ environment: "qa", to, force: false, migrateBack: false, dryRun: false, configDir, root }, ctx);
/** What a refused write must not have changed: qa's traffic and ledger annotation, as text (etag aside). */
async function qaState() {
  const [service] = await fx.clients.grpc.services.getService({ name: `${PARENT}/services/web-qa` }).catch(() => [undefined]);
  return service ? { traffic: servedTraffic(service), ledger: service.annotations?.[ANNOTATION_LEDGER] } : undefined;
}
const append = (text: string) => (y: string) => `${y}\n${text}\n`;
const config = (title: string, edit: (y: string) => string, verdict: Verdict = "rejected"): Case => ({
  title: `config: ${title}`,
  verdict,
  edit: { qa: edit },
  run: deployQa(),
});

const aliasBomb = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...Array.from(
    { length: 9 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
  ),
].join("\n");

const CASES: Case[] = [
  // Configs: malformed, oversized, hostile YAML features and unknown keys.
  config("a 300 KiB value under an unknown key", (y) => `${y}\nservice-padding: "${"A".repeat(300 * 1024)}"\n`),
  config("a 300 KiB env value", (y) => y.replace('DEBUG: "false"', `DEBUG: "${"A".repeat(300 * 1024)}"`)),
  config("300 KiB of comments", (y) => `${y}\n${"# padding padding padding\n".repeat(12_000)}`, "rejected-or-inert"),
  config("an alias bomb (billion laughs)", append(aliasBomb)),
  config("an alias bomb inside a known key", (y) => y.replace(/^ {2}env:$/m, `  env:\n    BOMB: *z\n${aliasBomb.replace(/^/gm, "#")}`)),
  config("10 000 nested lists", append(`deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}`)),
  config("a !!js/function tag", append("hook: !!js/function \"function(){ require('child_process').execSync('touch x') }\"")),
  config("a !!python/object tag", append("hook: !!python/object/apply:os.system ['touch x']")),
  config("a merge key pulling unknown keys", append("base: &base { evil: 1 }\nextra:\n  <<: *base")),
  config("a NUL byte", (y) => y.replace("team: platform", "team: plat\u0000form")),
  config("a second YAML document", append("---\nname: prod")),
  config("a list instead of a mapping", () => "- name: qa\n- project: demo-project\n"),
  config("a bare scalar", () => "qa\n"),
  config("an empty file", () => ""),
  config("an unknown top-level key", append("run-before-deploy: rm -rf /")),
  config("an unknown key in a check", (y) => y.replace("path: /healthz", "path: /healthz\n    exec: id")),
  config("an unknown key in a step", (y) => y.replace("- percent: 100", "- percent: 100\n      shell: id")),
  config("an unknown key in a schedule", (y) => y.replace("time-zone: Asia/Seoul", "time-zone: Asia/Seoul\n    command: id")),
  config("a __proto__ key", append("__proto__: { requireDigest: false }")),
  config("a constructor key in service", (y) =>
    y.replace(/^ {2}name: web-qa.*$/m, "  name: web-qa\n  constructor: { prototype: { polluted: true } }"),
  ),
  config("a service name with a path", (y) => y.replace(/^ {2}name: web-qa.*$/m, "  name: ../web-prod")),
  config("a service name with shell", (y) => y.replace(/^ {2}name: web-qa.*$/m, `  name: "web$(id)"`)),
  config("a project with a slash", (y) => y.replace(/^project: .*$/m, "project: demo-project/services/x")),
  config("a check path that is a full URL", (y) => y.replace("path: /healthz", "path: https://evil.example/")),
  config("a check path with CRLF", (y) => y.replace("path: /healthz", 'path: "/healthz\\r\\nX-Injected: 1"')),
  config("a label value with shell", (y) => y.replace("team: platform", `team: "$(touch ${SENTINEL})"`)),
  config("a secret name with a path", (y) => y.replace("secret: django-secret-key-qa", "secret: ../../projects/other/secrets/key")),
  ...SHELL.slice(0, 3).map((s) =>
    config(
      `an env value ${JSON.stringify(s.slice(0, 12))}… (inert data)`,
      (y) => y.replace('DEBUG: "false"', `DEBUG: ${JSON.stringify(s)}`),
      "rejected-or-inert",
    ),
  ),
  // Command inputs: commit, image, environment, config-dir.
  ...SHELL.map((commit) => ({
    title: `commit ${JSON.stringify(commit.slice(0, 14))}…`,
    verdict: "rejected" as Verdict,
    run: deployQa({ commit }),
  })),
  ...SHELL.map((s) => ({
    title: `image with ${JSON.stringify(s.slice(0, 14))}…`,
    verdict: "rejected" as Verdict,
    run: deployQa({ image: `${digest(1)}${s}` }),
  })),
  {
    title: "image tag-only for prod",
    verdict: "rejected",
    run: deployQa({ environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:v1" }),
  },
  {
    title: "image :latest for prod",
    verdict: "rejected",
    run: deployQa({ environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:latest" }),
  },
  {
    title: "image with no tag or digest for prod",
    verdict: "rejected",
    run: deployQa({ environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web" }),
  },
  {
    title: "image with a short digest for prod",
    verdict: "rejected",
    run: deployQa({ environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:abc" }),
  },
  {
    title: "image tag and fake digest in the tag for prod",
    verdict: "rejected",
    run: deployQa({ environment: "prod", image: `asia-northeast3-docker.pkg.dev/demo-project/app/web:sha256-${"d".repeat(64)}` }),
  },
  ...["../prod", "../../etc/passwd", "/etc/passwd", "qa/../prod", "qa\u0000", "QA", "", "prod.yaml", "..", "qa;id"].map((environment) => ({
    title: `environment ${JSON.stringify(environment)}`,
    verdict: "rejected" as Verdict,
    run: deployQa({ environment }),
  })),
  ...["../../../etc", "/etc", "environments/../../..", "~"].map((dir) => ({
    title: `config-dir ${JSON.stringify(dir)}`,
    verdict: "rejected" as Verdict,
    run: deployQa({ configDir: dir }),
  })),
  // Preview inputs: PR numbers and the commit of a pull request.
  ...["42; rm -rf /", "$(id)", "42\n43", "0x2a", "4.2e1", "-42", " 42", "42 ", "𝟒𝟐", "999999999999"].map((pr) => ({
    title: `preview pr ${JSON.stringify(pr)}`,
    verdict: "rejected" as Verdict,
    setup: (root: string) => deployTo(fx.clients.grpc, root, "dev", 1).then(() => undefined),
    run: preview({ pr }),
  })),
  ...SHELL.slice(0, 3).map((commit) => ({
    title: `preview commit ${JSON.stringify(commit.slice(0, 14))}…`,
    verdict: "rejected" as Verdict,
    setup: (root: string) => deployTo(fx.clients.grpc, root, "dev", 1).then(() => undefined),
    run: preview({ commit }),
  })),
  // Rollback targets: another service's revision, traversal, shell, a release that never was.
  ...[
    ["another service's revision", "web-dev-0000001-00000"],
    ["the prod service's revision", "web-prod-0000001-00000"],
    [
      "a full resource name of another service",
      "projects/demo-project/locations/asia-northeast3/services/web-dev/revisions/web-dev-0000001-00000",
    ],
    ["a path", "../web-dev/revisions/x"],
    ["shell", `$(touch ${SENTINEL})`],
    ["a release that never was", "9999999-999999"],
  ].map(([what, to]) => ({
    title: `rollback to ${what}`,
    verdict: "refused-unchanged" as Verdict,
    // BUG (docs/reliability.md #1): an unknown `to` is sent to Cloud Run as a revision name, in
    // the same UpdateService that rewrites the ledger: the refusal leaves the live revision
    // recorded "rolled-back" and a phantom "healthy" entry for the bogus name.
    setup: async (root: string) => {
      await deployTo(fx.clients.grpc, root, "dev", 1);
      await deployTo(fx.clients.grpc, root, "qa", 1);
      await deployTo(fx.clients.grpc, root, "qa", 2);
    },
    run: rollbackQa(to as string),
  })),
];

// Hostile Cloud Run: the API itself answers with data Runway did not write, seeded into the
// emulator's state (as a state file would hold it) after a realistic history: dev 1, qa 1, qa 2,
// dev 3. Every command that reads it must refuse before any write, or carry it as inert data.
type Json = Record<string, unknown>;
const QA = `${PARENT}/services/web-qa`;
let history: string | undefined;
/** The emulator at the history above; built once, then loaded again for each case. */
async function atHistory() {
  if (!history) {
    const root = workspace();
    for (const [env, n] of [
      ["dev", 1],
      ["qa", 1],
      ["qa", 2],
      ["dev", 3],
    ] as const)
      await deployTo(fx.clients.grpc, root, env, n);
    history = JSON.stringify(fx.emu.store.toJSON());
  }
  await fx.emu.reset();
  fx.emu.store.load(JSON.parse(history));
}
const qaService = () => fx.emu.store.services.get(QA)?.resource as Json & { annotations: Record<string, string>; trafficStatuses: Json[] };
const ledgerJson = () => JSON.parse(qaService().annotations[ANNOTATION_LEDGER] as string) as Record<string, Json>;
const setLedger = (text: string) => {
  qaService().annotations[ANNOTATION_LEDGER] = text;
};
const editLedger = (edit: (ledger: Record<string, Json>) => void) => {
  const ledger = ledgerJson();
  edit(ledger);
  setLedger(JSON.stringify(ledger));
};
const FOREIGN = "web-dev-0000001-aaaaa";

const run = {
  deployQa: deployQa({ image: digest(4), commit: sha(4) }),
  rollbackQa: (ctx: CommandContext, root: string) =>
    rollbackCommand({ environment: "qa", force: false, migrateBack: false, dryRun: false, configDir, root }, ctx),
  promoteQa: (ctx: CommandContext, root: string) => promoteCommand({ to: "qa", dryRun: false, configDir, root }, ctx),
  promoteProd: (ctx: CommandContext, root: string) => promoteCommand({ to: "prod", dryRun: false, configDir, root }, ctx),
  status: (ctx: CommandContext, root: string) => statusCommand({ configDir, root }, ctx),
  syncQa: (ctx: CommandContext, root: string) =>
    schedulerCommand({ environment: "qa", command: "sync", dryRun: false, prune: false, configDir, root }, ctx),
  previewCleanup: (ctx: CommandContext, root: string) =>
    previewCommand({ action: "cleanup", pr: "42", fork: false, environment: "dev", configDir, root }, ctx),
};
type Op = keyof typeof run;
const cloud = (
  what: string,
  seed: () => void,
  ops: [Op | ((ctx: CommandContext, root: string) => Promise<unknown>), Verdict, string?][],
): Case[] =>
  ops.map(([op, verdict, knownBug]) => ({
    title: `Cloud Run answers ${what}: ${typeof op === "string" ? op : "rollback qa to it"}`,
    verdict,
    knownBug,
    setup: async () => {
      await atHistory();
      seed();
    },
    run: typeof op === "string" ? run[op] : op,
  }));
const LEDGER_READERS: [Op, Verdict][] = [
  ["deployQa", "rejected"],
  ["rollbackQa", "rejected"],
  ["promoteQa", "rejected"],
  ["promoteProd", "rejected"],
  ["status", "rejected"],
  ["syncQa", "rejected-or-inert"],
];
const labelRevisions = (value: string) => () => {
  for (const record of fx.emu.store.revisions.values()) {
    const revision = record.resource as Json & { labels?: Record<string, string> };
    revision.labels = { ...revision.labels, "runway-release": value, "runway-preview": value, team: value };
  }
};
const labelService = (value: string) => () => {
  const service = qaService() as Json & { labels?: Record<string, string> };
  service.labels = { ...service.labels, team: value };
};

const CLOUD: Case[] = [
  ...cloud("a ledger that is not JSON", () => setLedger("{not json"), LEDGER_READERS),
  ...cloud("a ledger that is a JSON array", () => setLedger("[1,2]"), LEDGER_READERS),
  ...cloud("a ledger that is null", () => setLedger("null"), LEDGER_READERS),
  ...cloud(
    "a ledger entry that is a string",
    () =>
      editLedger((l) => {
        for (const k of Object.keys(l)) (l as Json)[k] = "healthy";
      }),
    LEDGER_READERS,
  ),
  ...cloud(
    "a ledger entry whose time is a number",
    () =>
      editLedger((l) => {
        for (const e of Object.values(l)) e.at = 7;
      }),
    LEDGER_READERS,
  ),
  ...cloud(
    "a ledger entry with an unknown state",
    () =>
      editLedger((l) => {
        for (const e of Object.values(l)) e.state = "STATE_FROM_THE_FUTURE";
      }),
    LEDGER_READERS,
  ),
  ...cloud(
    "a 300 KiB ledger",
    () =>
      editLedger((l) => {
        for (const e of Object.values(l)) e.reason = "x".repeat(150 * 1024);
      }),
    LEDGER_READERS,
  ),
  ...cloud(
    "a ledger with __proto__ and constructor entries",
    () => editLedger((l) => Object.assign(l, JSON.parse('{"__proto__":{"state":"healthy","at":"2030-01-01T00:00:00Z"}}'))),
    [
      ["deployQa", "rejected-or-inert"],
      [(ctx, root) => rollbackQa("constructor")(ctx, root), "refused-unchanged"],
      [(ctx, root) => rollbackQa("__proto__")(ctx, root), "refused-unchanged"],
    ],
  ),
  ...cloud(
    `a ledger naming a revision of another service (${FOREIGN})`,
    () =>
      editLedger((l) => {
        for (const e of Object.values(l)) if (e.replaced) e.replaced = FOREIGN;
        l[FOREIGN] = { state: "healthy", at: "2026-11-22T02:00:00.000Z", release: "0000009-000009", image: digest(9) };
      }),
    [
      ["rollbackQa", "refused-unchanged"],
      [(ctx, root) => rollbackQa("0000009-000009")(ctx, root), "refused-unchanged"],
      ["deployQa", "rejected-or-inert"],
      ["status", "rejected-or-inert"],
    ],
  ),
  ...cloud(
    "ledger fields holding shell and workflow commands",
    () =>
      editLedger((l) => {
        for (const e of Object.values(l)) Object.assign(e, { reason: `${SHELL[0]}\n::error::forged`, commit: SHELL[1], release: SHELL[2] });
      }),
    [
      ["deployQa", "rejected-or-inert"],
      ["rollbackQa", "rejected-or-inert"],
      ["status", "rejected-or-inert"],
    ],
  ),
  ...cloud("revision labels holding injection strings", labelRevisions(`$(touch ${SENTINEL}); 42`), [
    ["deployQa", "rejected-or-inert"],
    ["rollbackQa", "rejected-or-inert"],
    ["promoteProd", "rejected-or-inert"],
    ["status", "rejected-or-inert"],
    ["previewCleanup", "rejected-or-inert"],
  ]),
  // Runway writes the service back with the labels it read; Cloud Run refuses such a value.
  // A deploy of qa declares `team` itself (labels merge per key), so its value replaces this one.
  ...cloud("a service label holding an injection string", labelService(`$(touch ${SENTINEL})`), [
    ["deployQa", "rejected-or-inert"],
    ["rollbackQa", "cloud-refused-unchanged"],
    ["status", "rejected-or-inert"],
  ]),
  ...cloud("a traffic entry for a revision that does not exist", () => {
    const s = qaService();
    s.trafficStatuses = [
      ...s.trafficStatuses.map((t) => ({ ...t, percent: 0 })),
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "web-qa-ghost-00000", percent: 100 },
    ];
  }, [
    // Found here (docs/reliability.md #15): deploy planned from the traffic Cloud Run reports and
    // wrote (the candidate revision and the ledger) before Cloud Run refused the ghost in it.
    ["deployQa", "rejected"],
    ["rollbackQa", "rejected-or-inert"],
    ["promoteProd", "rejected"],
    ["status", "rejected-or-inert"],
  ]),
  // The same check must let a served revision the spec does not name through when it exists.
  ...cloud("traffic served by an existing revision its spec does not name", () => {
    const s = qaService() as unknown as { traffic: Json[]; trafficStatuses: Json[] };
    const served = s.trafficStatuses.find((t) => Number(t.percent) === 100) as Json;
    s.traffic = s.traffic.filter((t) => t.revision !== served.revision);
  }, [["deployQa", "rejected-or-inert"]]),
  ...cloud("an unknown traffic type (a string)", () => {
    const s = qaService();
    s.trafficStatuses = s.trafficStatuses.map((t) => ({ ...t, type: "TRAFFIC_TARGET_ALLOCATION_TYPE_FROM_THE_FUTURE" }));
  }, [
    ["deployQa", "rejected-or-inert"],
    ["rollbackQa", "rejected-or-inert"],
    ["status", "rejected-or-inert"],
  ]),
  ...cloud("an unknown traffic type (a number)", () => {
    const s = qaService();
    s.trafficStatuses = s.trafficStatuses.map((t) => ({ ...t, type: 42 }));
  }, [
    ["deployQa", "rejected-or-inert"],
    ["rollbackQa", "rejected-or-inert"],
    ["status", "rejected-or-inert"],
  ]),
  ...cloud("an unknown Ready condition state on the live revision", () => {
    for (const record of fx.emu.store.revisions.values()) {
      const revision = record.resource as Json & { conditions?: Json[] };
      revision.conditions = (revision.conditions ?? []).map((c) => (c.type === "Ready" ? { ...c, state: "CONDITION_FROM_THE_FUTURE" } : c));
    }
  }, [
    ["promoteProd", "rejected"],
    ["status", "rejected-or-inert"],
  ]),
  ...cloud("an unknown Scheduler job state", () => {
    for (const job of fx.emu.store.schedulerJobs.values()) (job as Json).state = 42;
  }, [
    ["syncQa", "rejected-or-inert"],
    ["deployQa", "rejected-or-inert"],
    ["rollbackQa", "rejected-or-inert"],
  ]),
];

afterAll(() => {
  rmSync(SENTINEL, { force: true });
  const { run, passed } = record.summary("hostile");
  console.log(`[reliability] hostile: ${passed}/${run} passed`);
});

const counted = (id: string, body: () => Promise<void>) => async () => {
  try {
    await body();
    record.pass("hostile", id);
  } catch (e) {
    record.fail("hostile", id);
    throw e;
  }
};

/** Runs one case: refused before any write (or with Cloud Run's state unchanged), or inert. */
const runCase = (title: string, c: Case) =>
  counted(title, async () => {
    const root = workspace(c.edit);
    await c.setup?.(root);
    const before = (await fx.calls()).length;
    const state = await qaState();
    const error = await c.run(commandContext(fx.clients.grpc), root).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(existsSync(SENTINEL), "a shell payload was executed").toBe(false);
    if (c.verdict !== "rejected-or-inert") expect(error, "accepted, but must be rejected").toBeDefined();
    if (error) {
      // Refused on purpose, not crashed on: anything else is an unhandled path.
      if (c.verdict === "cloud-refused-unchanged")
        expect(error.message).toMatch(/^(deploy to qa failed at )?[a-z ]+: INVALID_ARGUMENT: service\.labels\[team\]/);
      else expect(["ConfigurationError", "RefusalError"], `${error.name}: ${error.message.slice(0, 200)}`).toContain(error.name);
      if (c.verdict === "refused-unchanged" || c.verdict === "cloud-refused-unchanged") expect(await qaState()).toEqual(state);
      else expect((await fx.calls()).slice(before).filter((call) => call.mutating)).toEqual([]);
    }
  })();

describe("hostile input through the commands", () => {
  it("has at least 60 cases", () => {
    expect(CASES.length + EVENTS.length + 3).toBeGreaterThanOrEqual(60);
  });

  const run = runCase;
  it.each(CASES.filter((c) => !c.knownBug).map((c) => [c.title, c] as const))("%s", run);
  it.fails.each(CASES.filter((c) => c.knownBug).map((c) => [c.title, c] as const))("%s (known bug)", run);
});

describe("hostile responses from Cloud Run", () => {
  it.each(CLOUD.filter((c) => !c.knownBug).map((c) => [c.title, c] as const))("%s", runCase);
  it.fails.each(CLOUD.filter((c) => c.knownBug).map((c) => [c.title, c] as const))("%s (known bug)", runCase);
});

// Pull-request events whose text fields carry shell payloads: the preview action reads the PR
// number and head commit from them; everything else must stay data.
const EVENTS: [string, unknown][] = [
  ["a branch name with $(…)", { branch: `feat/$(touch ${SENTINEL})` }],
  ["a title with backticks", { title: `\`touch ${SENTINEL}\`` }],
  ["a title with ::set-output", { title: "::set-output name=url::https://evil.example\n::error::forged" }],
  ["a head sha that is shell", { sha: `x; touch ${SENTINEL}` }],
  ["a PR number that is a string", { number: "42; touch /tmp/x" }],
  ["a PR number that is negative", { number: -1 }],
].map(([title, over]) => [title as string, over]);

function pullRequestEvent(over: { branch?: string; title?: string; sha?: string; number?: unknown }) {
  const repo = { full_name: "acme/shop", fork: false };
  return {
    action: "synchronize",
    number: over.number ?? 42,
    pull_request: {
      number: over.number ?? 42,
      title: over.title ?? "Add a thing",
      head: { ref: over.branch ?? "feat/x", sha: over.sha ?? sha(2), repo },
      base: { ref: "main", repo },
    },
    repository: repo,
  };
}

describe("hostile input through the bundled actions", () => {
  let github: GitHubFake;
  const TOKEN = `ghp_${"Rw".repeat(18)}`;
  beforeAll(async () => {
    github = await startGitHubFake({ token: TOKEN });
  });
  afterAll(async () => {
    await github?.stop();
  });
  const env = (root: string) => ({
    RUNWAY_EMULATOR_HOST: fx.emu.grpc,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_WORKSPACE: root,
    GITHUB_EVENT_NAME: "pull_request",
  });

  it.each(EVENTS)("preview event: %s", async (title, over) =>
    counted(`event ${title}`, async () => {
      const root = workspace();
      await deployTo(fx.clients.grpc, root, "dev", 1);
      const before = (await fx.calls()).length;
      const run = await runBundledAction(
        "preview",
        withDefaults("preview", { command: "deploy", image: digest(2), environment: "dev", "config-dir": configDir, "github-token": "" }),
        env(root),
        pullRequestEvent(over as never),
      );
      expect(existsSync(SENTINEL), "a shell payload was executed").toBe(false);
      // Workflow commands in the payload must not reach the runner as commands.
      expect(run.stdout).not.toMatch(/^::set-output name=url::https:\/\/evil/m);
      expect(run.stdout).not.toMatch(/^::error::forged/m);
      if (run.code !== 0) expect((await fx.calls()).slice(before).filter((c) => c.mutating)).toEqual([]);
    })(),
  );

  // The token the runner hands over is a secret: masked first, then never in the log, the
  // outputs or the summary — on success, on a refusal and on a failure.
  it.each([
    ["a successful deploy", { environment: "dev", image: digest(1), commit: sha(1) }],
    ["a refused deploy", { environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:v1", commit: sha(1) }],
    ["a deploy failing its checks", { environment: "dev", image: digest(9), commit: sha(9) }],
  ])("token never printed: %s", async (title, inputs) =>
    counted(`token ${title}`, async () => {
      const root = workspace();
      await fx.control("/_emulator/images", { image: digest(9), status: 500 });
      const run = await runBundledAction("deploy", withDefaults("deploy", { ...inputs, "config-dir": configDir, "github-token": TOKEN }), {
        ...env(root),
        GITHUB_EVENT_NAME: "push",
      });
      // The successful run really used the token (GitHub Deployments), so there was something to leak.
      if (title === "a successful deploy") expect([run.code, github.requests.length > 0]).toEqual([0, true]);
      const leaks = run.stdout.split("\n").filter((line) => line.includes(TOKEN) && !line.startsWith("::add-mask::"));
      expect(leaks).toEqual([]);
      expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
      for (const text of [run.stderr, run.summary, JSON.stringify(run.outputs)]) expect(text).not.toContain(TOKEN);
    })(),
  );
});
