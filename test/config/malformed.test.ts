// Each malformed environment must be refused with the right field path, line and column.
import { describe, expect, it } from "vitest";
import { parseEnvironment } from "../../src/core/config/load.js";
import { BASE, issuesOf, thrown } from "./helpers.js";

interface Case {
  title: string;
  yaml: string;
  field: string;
  at: [line: number, column: number];
  message: RegExp;
}

const FILE = "environments/prod.yaml";

const cases: Case[] = [
  // The top level.
  {
    title: "missing project",
    yaml: "name: prod\nregion: asia-northeast3\nservice:\n  name: web\n",
    field: "project",
    at: [1, 1],
    message: /is required/,
  },
  { title: "project id too short", yaml: BASE.replace("demo-project", "demo"), field: "project", at: [2, 10], message: /GCP project id/ },
  { title: "region without a number", yaml: BASE.replace("asia-northeast3", "asia"), field: "region", at: [3, 9], message: /region/ },
  {
    title: "name differs from the file",
    yaml: BASE.replace("name: prod", "name: staging"),
    field: "name",
    at: [1, 7],
    message: /must equal the file name, "prod"/,
  },
  { title: "name with capitals", yaml: BASE.replace("name: prod", "name: Prod"), field: "name", at: [1, 7], message: /lowercase/ },
  {
    title: "misspelt top-level key",
    yaml: `${BASE}promote-from: qa\n`,
    field: "promote-from",
    at: [6, 1],
    message: /unknown key "promote-from" \(did you mean "promotes-from"\?\)/,
  },
  {
    title: "promotes from itself",
    yaml: `${BASE}promotes-from: prod\n`,
    field: "promotes-from",
    at: [6, 16],
    message: /cannot promote from itself/,
  },
  {
    title: "require-digest as a string",
    yaml: `${BASE}require-digest: "yes"\n`,
    field: "require-digest",
    at: [6, 17],
    message: /true or false/,
  },
  {
    title: "service missing",
    yaml: "name: prod\nproject: demo-project\nregion: asia-northeast3\n",
    field: "service",
    at: [1, 1],
    message: /is required/,
  },
  { title: "document is a list", yaml: "- name: prod\n", field: "", at: [1, 1], message: /must be a mapping/ },

  // The service.
  {
    title: "service name with an underscore",
    yaml: BASE.replace("name: web", "name: web_1"),
    field: "service.name",
    at: [5, 9],
    message: /Cloud Run service id/,
  },
  {
    title: "service name missing",
    yaml: `${BASE.replace("  name: web\n", "")}  port: 8080\n`,
    field: "service.name",
    at: [4, 1],
    message: /is required/,
  },
  { title: "port zero", yaml: `${BASE}  port: 0\n`, field: "service.port", at: [6, 9], message: /must be between 1 and 65535/ },
  { title: "port as a string", yaml: `${BASE}  port: "8080"\n`, field: "service.port", at: [6, 9], message: /whole number/ },
  {
    title: "reserved variable K_SERVICE",
    yaml: `${BASE}  env:\n    K_SERVICE: x\n`,
    field: "service.env.K_SERVICE",
    at: [7, 5],
    message: /reserved/,
  },
  {
    title: "reserved X_GOOGLE_ prefix",
    yaml: `${BASE}  env:\n    X_GOOGLE_FOO: x\n`,
    field: "service.env.X_GOOGLE_FOO",
    at: [7, 5],
    message: /reserved/,
  },
  {
    title: "variable name with a dash",
    yaml: `${BASE}  env:\n    MY-VAR: x\n`,
    field: "service.env.MY-VAR",
    at: [7, 5],
    message: /variable name/,
  },
  {
    title: "unquoted boolean variable value",
    yaml: `${BASE}  env:\n    DEBUG: true\n`,
    field: "service.env.DEBUG",
    at: [7, 12],
    message: /must be a string/,
  },
  {
    title: "variable both plain and secret",
    yaml: `${BASE}  env:\n    DB: x\n  secrets:\n    DB: { secret: db }\n`,
    field: "service.secrets.DB",
    at: [9, 5],
    message: /either plain or secret/,
  },
  {
    title: "secret without its secret id",
    yaml: `${BASE}  secrets:\n    DB: { version: "2" }\n`,
    field: "service.secrets.DB.secret",
    at: [7, 5],
    message: /is required/,
  },
  {
    title: "secret version not a number",
    yaml: `${BASE}  secrets:\n    DB: { secret: db, version: v2 }\n`,
    field: "service.secrets.DB.version",
    at: [7, 32],
    message: /"latest" or a version number/,
  },
  {
    title: "memory in MB",
    yaml: `${BASE}  resources:\n    memory: 512MB\n`,
    field: "service.resources.memory",
    at: [7, 13],
    message: /512Mi/,
  },
  { title: "zero CPU", yaml: `${BASE}  resources:\n    cpu: "0"\n`, field: "service.resources.cpu", at: [7, 10], message: /CPU amount/ },
  {
    title: "min-instances above max-instances",
    yaml: `${BASE}  scaling:\n    min-instances: 5\n    max-instances: 2\n`,
    field: "service.scaling.min-instances",
    at: [7, 20],
    message: /not be more than max-instances \(2\)/,
  },
  {
    title: "misspelt scaling key",
    yaml: `${BASE}  scaling:\n    max: 3\n`,
    field: "service.scaling.max",
    at: [7, 5],
    message: /unknown key "max"/,
  },
  {
    title: "concurrency above 1000",
    yaml: `${BASE}  concurrency: 2000\n`,
    field: "service.concurrency",
    at: [6, 16],
    message: /between 1 and 1000/,
  },
  { title: "timeout above an hour", yaml: `${BASE}  timeout: 2h\n`, field: "service.timeout", at: [6, 12], message: /between 1s and 1h/ },
  {
    title: "timeout without a unit",
    yaml: `${BASE}  timeout: "300"\n`,
    field: "service.timeout",
    at: [6, 12],
    message: /must be a duration like "90s"/,
  },
  {
    title: "unknown ingress",
    yaml: `${BASE}  ingress: public\n`,
    field: "service.ingress",
    at: [6, 12],
    message: /must be one of "all", "internal"/,
  },
  {
    title: "label key reserved for the ledger",
    yaml: `${BASE}  labels:\n    runway-release: x\n`,
    field: "service.labels.runway-release",
    at: [7, 5],
    message: /reserved/,
  },
  {
    title: "label value with capitals",
    yaml: `${BASE}  labels:\n    team: Platform\n`,
    field: "service.labels.team",
    at: [7, 11],
    message: /label value/,
  },
  {
    title: "label key with a dot",
    yaml: `${BASE}  labels:\n    app.kubernetes.io: x\n`,
    field: 'service.labels["app.kubernetes.io"]',
    at: [7, 5],
    message: /label key/,
  },

  // Smoke checks.
  {
    title: "duplicate check names",
    yaml: `${BASE}checks:\n  - name: a\n    path: /\n  - name: a\n    path: /x\n`,
    field: "checks[1].name",
    at: [9, 11],
    message: /duplicate check name "a"/,
  },
  {
    title: "check path without a slash",
    yaml: `${BASE}checks:\n  - name: a\n    path: healthz\n`,
    field: "checks[0].path",
    at: [8, 11],
    message: /must start with "\/"/,
  },
  {
    title: "check path that is a URL",
    yaml: `${BASE}checks:\n  - name: a\n    path: /x?next=http://evil\n`,
    field: "checks[0].path",
    at: [8, 11],
    message: /not a URL/,
  },
  {
    title: "check path to another host",
    yaml: `${BASE}checks:\n  - name: a\n    path: //evil.example\n`,
    field: "checks[0].path",
    at: [8, 11],
    message: /another host/,
  },
  {
    title: "check body-match that does not compile",
    yaml: `${BASE}checks:\n  - name: a\n    path: /\n    body-match: "(["\n`,
    field: "checks[0].body-match",
    at: [9, 17],
    message: /not a valid regular expression/,
  },
  {
    title: "check status 700",
    yaml: `${BASE}checks:\n  - name: a\n    path: /\n    expect-status: 700\n`,
    field: "checks[0].expect-status",
    at: [9, 20],
    message: /between 100 and 599/,
  },
  {
    title: "check timeout over a minute",
    yaml: `${BASE}checks:\n  - name: a\n    path: /\n    timeout: 2m\n`,
    field: "checks[0].timeout",
    at: [9, 14],
    message: /between 1ms and 1m/,
  },
  { title: "check without a path", yaml: `${BASE}checks:\n  - name: a\n`, field: "checks[0].path", at: [7, 5], message: /is required/ },

  // The rollout.
  { title: "no rollout steps", yaml: `${BASE}rollout:\n  steps: []\n`, field: "rollout.steps", at: [7, 3], message: /at least one step/ },
  {
    title: "percent out of range",
    yaml: `${BASE}rollout:\n  steps:\n    - percent: 10\n    - percent: 150\n`,
    field: "rollout.steps[1].percent",
    at: [9, 16],
    message: /must be between 1 and 100/,
  },
  {
    title: "percents not increasing",
    yaml: `${BASE}rollout:\n  steps:\n    - percent: 50\n    - percent: 20\n    - percent: 100\n`,
    field: "rollout.steps[1].percent",
    at: [9, 16],
    message: /more than the previous step's 50/,
  },
  {
    title: "last step below 100",
    yaml: `${BASE}rollout:\n  steps:\n    - percent: 10\n    - percent: 50\n`,
    field: "rollout.steps[1].percent",
    at: [9, 16],
    message: /last step must be 100/,
  },
  {
    title: "step without a percent",
    yaml: `${BASE}rollout:\n  steps:\n    - wait: 1m\n`,
    field: "rollout.steps[0].percent",
    at: [8, 7],
    message: /is required/,
  },
  {
    title: "step wait over an hour",
    yaml: `${BASE}rollout:\n  steps:\n    - percent: 100\n      wait: 90m\n`,
    field: "rollout.steps[0].wait",
    at: [9, 13],
    message: /between 0s and 1h/,
  },
  {
    title: "step naming an unknown check",
    yaml: `${BASE}rollout:\n  steps:\n    - percent: 100\n      checks: [health, ready]\n`,
    field: "rollout.steps[0].checks[1]",
    at: [9, 24],
    message: /no check named "ready"/,
  },

  // Migrations, batch jobs and schedules.
  {
    title: "migrations without a job",
    yaml: `${BASE}migrations:\n  lock-timeout: 5s\n`,
    field: "migrations.job",
    at: [6, 1],
    message: /is required/,
  },
  {
    title: "unknown migration policy",
    yaml: `${BASE}migrations:\n  job: migrate\n  policy:\n    contract: deny\n`,
    field: "migrations.policy.contract",
    at: [9, 15],
    message: /must be one of "allow", "warn", "require-approval", "block"/,
  },
  {
    title: "a policy for broken migrations",
    yaml: `${BASE}migrations:\n  job: migrate\n  policy:\n    broken: allow\n`,
    field: "migrations.policy.broken",
    at: [9, 5],
    message: /always block/,
  },
  {
    title: "migration job named like a batch job",
    yaml: `${BASE}migrations:\n  job: tidy\nbatch:\n  - name: tidy\n`,
    field: "migrations.job",
    at: [7, 8],
    message: /also a batch job/,
  },
  {
    title: "duplicate batch jobs",
    yaml: `${BASE}batch:\n  - name: tidy\n  - name: tidy\n`,
    field: "batch[1].name",
    at: [8, 11],
    message: /duplicate batch job name/,
  },
  {
    title: "batch task-count zero",
    yaml: `${BASE}batch:\n  - name: tidy\n    task-count: 0\n`,
    field: "batch[0].task-count",
    at: [8, 17],
    message: /between 1 and 10000/,
  },
  {
    title: "batch timeout over a week",
    yaml: `${BASE}batch:\n  - name: tidy\n    timeout: 200h\n`,
    field: "batch[0].timeout",
    at: [8, 14],
    message: /between 1s and 7d/,
  },
  {
    title: "batch reserved variable",
    yaml: `${BASE}batch:\n  - name: tidy\n    env:\n      CLOUD_RUN_TASK_INDEX: "1"\n`,
    field: "batch[0].env.CLOUD_RUN_TASK_INDEX",
    at: [9, 7],
    message: /reserved/,
  },
  {
    title: "six-field cron",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 0 * * * *"\n    target: { http: { path: / } }\n`,
    field: "schedules[0].cron",
    at: [8, 11],
    message: /5-field cron/,
  },
  {
    title: "cron nickname",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "@daily"\n    target: { http: { path: / } }\n`,
    field: "schedules[0].cron",
    at: [8, 11],
    message: /5-field cron/,
  },
  {
    title: "cron minute out of range",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "61 * * * *"\n    target: { http: { path: / } }\n`,
    field: "schedules[0].cron",
    at: [8, 11],
    message: /not a valid cron expression/,
  },
  {
    title: "cron with Quartz syntax",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 0 L * *"\n    target: { http: { path: / } }\n`,
    field: "schedules[0].cron",
    at: [8, 11],
    message: /day of month field "L"/,
  },
  {
    title: "unknown time zone",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    time-zone: Mars/Olympus\n    target: { http: { path: / } }\n`,
    field: "schedules[0].time-zone",
    at: [9, 16],
    message: /IANA time zone/,
  },
  {
    title: "schedule of an unknown batch job",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    target:\n      batch: nightly\n`,
    field: "schedules[0].target.batch",
    at: [10, 14],
    message: /no batch job named "nightly"/,
  },
  {
    title: "target with both batch and http",
    yaml: `${BASE}batch:\n  - name: tidy\nschedules:\n  - name: s\n    cron: "0 3 * * *"\n    target:\n      batch: tidy\n      http: { path: / }\n`,
    field: "schedules[0].target",
    at: [11, 5],
    message: /exactly one of batch or http/,
  },
  {
    title: "http target path without a slash",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    target: { http: { path: tasks } }\n`,
    field: "schedules[0].target.http.path",
    at: [9, 29],
    message: /must start with "\/"/,
  },
  {
    title: "GET with a body",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    target:\n      http: { path: /t, method: GET, body: x }\n`,
    field: "schedules[0].target.http.body",
    at: [10, 44],
    message: /GET request cannot have a body/,
  },
  {
    title: "attempt-deadline under 15s",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    target: { http: { path: / } }\n    attempt-deadline: 5s\n`,
    field: "schedules[0].attempt-deadline",
    at: [10, 23],
    message: /between 15s and 30m/,
  },
  {
    title: "too many retries",
    yaml: `${BASE}schedules:\n  - name: s\n    cron: "0 3 * * *"\n    target: { http: { path: / } }\n    retry: { count: 9 }\n`,
    field: "schedules[0].retry.count",
    at: [10, 21],
    message: /between 0 and 5/,
  },

  // Freeze windows and notifications.
  {
    title: "freeze ending before it starts",
    yaml: `${BASE}freeze:\n  - reason: r\n    start: 2030-01-02T00:00:00+09:00\n    end: 2030-01-01T00:00:00+09:00\n`,
    field: "freeze[0].end",
    at: [9, 10],
    message: /after start/,
  },
  {
    title: "freeze start without an offset",
    yaml: `${BASE}freeze:\n  - reason: r\n    start: 2030-01-02T00:00:00\n    end: 2030-01-03T00:00:00Z\n`,
    field: "freeze[0].start",
    at: [8, 12],
    message: /with an offset/,
  },
  {
    title: "recurring freeze without a duration",
    yaml: `${BASE}freeze:\n  - reason: r\n    cron: "0 17 * * 5"\n`,
    field: "freeze[0].duration",
    at: [7, 5],
    message: /is required with cron/,
  },
  {
    title: "freeze mixing both kinds",
    yaml: `${BASE}freeze:\n  - reason: r\n    start: 2030-01-02T00:00:00Z\n    cron: "0 17 * * 5"\n`,
    field: "freeze[0]",
    at: [7, 5],
    message: /not both/,
  },
  {
    title: "freeze longer than a week",
    yaml: `${BASE}freeze:\n  - reason: r\n    cron: "0 17 * * 5"\n    duration: 8d\n`,
    field: "freeze[0].duration",
    at: [9, 15],
    message: /between 1m and 7d/,
  },
  {
    title: "freeze without a reason",
    yaml: `${BASE}freeze:\n  - start: 2030-01-02T00:00:00Z\n    end: 2030-01-03T00:00:00Z\n`,
    field: "freeze[0].reason",
    at: [7, 5],
    message: /is required/,
  },
  {
    title: "webhook URL instead of a secret name",
    yaml: `${BASE}notify:\n  webhook-secret: https://hooks.example/T0/B0/x\n`,
    field: "notify.webhook-secret",
    at: [7, 19],
    message: /NAME of the secret.*not the URL/,
  },
  {
    title: "webhook secret in lowercase",
    yaml: `${BASE}notify:\n  webhook-secret: slack_url\n`,
    field: "notify.webhook-secret",
    at: [7, 19],
    message: /capital letters/,
  },

  // YAML itself.
  { title: "duplicate key", yaml: `${BASE}  port: 80\n  port: 81\n`, field: "", at: [7, 3], message: /duplicate key "port"/ },
  { title: "bad indentation", yaml: `${BASE}  env:\n    A: x\n   B: y\n`, field: "", at: [8, 1], message: /indent|same column/i },
  { title: "tab indentation", yaml: `${BASE}\tport: 80\n`, field: "", at: [6, 1], message: /[Tt]abs/ },
  { title: "two documents", yaml: `${BASE}---\nname: qa\n`, field: "", at: [6, 1], message: /more than one YAML document/ },
  { title: "alias to a missing anchor", yaml: `${BASE}  args: *nothing\n`, field: "", at: [6, 9], message: /nothing/ },
];

describe("malformed environments", () => {
  it("has a case for at least 30 mistakes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("$title → $field at $at", ({ yaml, field, at: [line, column], message }) => {
    const error = thrown(() => parseEnvironment(yaml, FILE));
    const issue = issuesOf(error).find((candidate) => candidate.field === field && message.test(candidate.message));
    expect(issue, `issues were:\n${error.message}`).toMatchObject({ file: FILE, line, column, field });
    const prefix = field ? `${FILE}:${line}:${column}: ${field}: ` : `${FILE}:${line}:${column}: `;
    expect(error.message).toContain(prefix);
  });
});
