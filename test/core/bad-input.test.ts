// Malformed configs and inputs through the real deploy command: each is refused with the field
// named, and the emulator's call log proves nothing was written.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployCommand } from "../../src/commands/deploy.js";
import type { CommandContext } from "../../src/commands/context.js";
import { MemoryLogger } from "../../src/shared/runtime.js";
import { withoutMigrations } from "../helpers/commands.js";
import { digest, fastClock, sha } from "../helpers/deploy.js";
import { useEmulator } from "../helpers/emulator.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();

type Case = [
  title: string,
  mutate: (qa: string) => string,
  expected: RegExp,
  input?: Partial<{ environment: string; image: string; commit: string; configDir: string }>,
];

const replace = (from: RegExp | string, to: string) => (qa: string) => {
  const next = qa.replace(from, to);
  if (next === qa) throw new Error(`test setup: ${from} not found in qa.yaml`);
  return next;
};
const append = (text: string) => (qa: string) => `${qa}\n${text}\n`;
const same = (qa: string) => qa;
/** Adds lines to qa.yaml's service block, after its name. */
const inService = (lines: string) => replace(/^ {2}name: web-qa.*$/m, `  name: web-qa\n${lines}`);

const CASES: Case[] = [
  ["bad YAML", append("service: [unclosed"), /qa\.yaml:\d+:\d+/],
  ["duplicate key", append("region: europe-west1"), /duplicate key "region"/],
  ["unknown top-level key", append("servise: {}"), /servise/],
  ["unknown key in service", replace(/^ {2}name: web-qa.*$/m, "  name: web-qa\n  cpus: 2"), /service\.cpus/],
  ["port of the wrong type", replace(/^ {2}name: web-qa.*$/m, "  name: web-qa\n  port: eighty"), /service\.port/],
  ["steps not ending at 100", replace(/- percent: 100.*$/m, "- percent: 90"), /rollout\.steps/],
  ["percent over 100", replace(/- percent: 100.*$/m, "- percent: 150"), /rollout\.steps\[\d+\]\.percent/],
  ["percent of zero", replace(/- percent: 50.*$/m, "- percent: 0"), /rollout\.steps\[0\]\.percent/],
  ["steps not increasing", replace(/- percent: 50.*$/m, "- percent: 100\n    - percent: 100"), /rollout\.steps/],
  ["a step naming an unknown check", replace(/- percent: 50.*$/m, "- percent: 50\n      checks: [nope]"), /rollout\.steps\[0\]\.checks/],
  ["a duration without a unit", replace(/wait: 2m.*$/m, "wait: 10 minutes"), /rollout\.steps\[0\]\.wait/],
  ["a reserved env var", replace(/^ {2}env:$/m, '  env:\n    PORT: "9000"'), /service\.env\.PORT/],
  ["an env var name that is not one", replace(/^ {2}env:$/m, "  env:\n    1BAD: x"), /service\.env/],
  ["a label in Runway's namespace", replace(/^ {4}team: platform$/m, "    team: platform\n    runway-release: forged"), /service\.labels/],
  ["a label Cloud Run refuses", replace(/^ {4}team: platform$/m, "    Team: Platform"), /service\.labels/],
  ["a service name Cloud Run refuses", replace(/^ {2}name: web-qa.*$/m, "  name: Web_Service"), /service\.name/],
  ["a project id GCP refuses", replace(/^project: .*$/m, "project: Demo_Project"), /project/],
  ["a region that is not one", replace(/^region: .*$/m, "region: asia"), /region/],
  ["a name that does not match the file", replace(/^name: qa$/m, "name: staging"), /name/],
  ["a check path without a slash", replace(/^ {4}path: \/healthz/m, "    path: healthz"), /checks\[0\]\.path/],
  [
    "a body-match that is not a regex",
    replace(/^ {4}path: \/healthz.*$/m, '    path: /healthz\n    body-match: "("'),
    /checks\[0\]\.body-match/,
  ],
  ["an impossible expected status", replace(/expect-status: 200/, "expect-status: 700"), /checks\[1\]\.expect-status/],
  ["duplicate check names", replace(/- name: home/, "- name: health"), /checks/],
  ["a secret and an env var with one name", replace(/^ {2}env:$/m, "  env:\n    DJANGO_SECRET_KEY: plain"), /DJANGO_SECRET_KEY/],
  ["min instances above max", replace(/min-instances: 0/, "min-instances: 9"), /service\.scaling/],
  ["zero concurrency", replace(/^ {2}name: web-qa.*$/m, "  name: web-qa\n  concurrency: 0"), /service\.concurrency/],
  ["a request timeout over an hour", replace(/^ {2}name: web-qa.*$/m, "  name: web-qa\n  timeout: 2h"), /service\.timeout/],
  [
    "a webhook URL instead of a secret name",
    replace(/webhook-secret: RUNWAY_WEBHOOK_URL/, "webhook-secret: https://hooks.example/x"),
    /notify\.webhook-secret/,
  ],
  [
    "a freeze that ends before it starts",
    append("freeze:\n  - start: 2027-01-02T00:00:00Z\n    end: 2027-01-01T00:00:00Z\n    reason: backwards"),
    /freeze\[0\]/,
  ],
  ["a cron expression Scheduler refuses", replace(/cron: "[^"]+"/, 'cron: "every 5 minutes"'), /schedules\[0\]\.cron/],
  ["a time zone that does not exist", replace(/time-zone: \S+/, "time-zone: Mars/Olympus"), /schedules\[0\]\.time-zone/],
  ["a schedule naming an unknown batch job", replace(/batch: web-qa-clearsessions/, "batch: nope"), /schedules\[0\]\.target\.batch/],
  // The service's Cloud Run fields, one case each.
  [
    "a description over 512 characters",
    inService(`  description: ${"x".repeat(600)}`),
    /service\.description: must be at most 512 characters/,
  ],
  [
    "an annotation in Runway's namespace",
    inService("  annotations:\n    runway.dev/owned: forged"),
    /service\.annotations\["runway\.dev\/owned"\]: is reserved/,
  ],
  [
    "a Cloud Run system annotation",
    inService("  annotations:\n    run.googleapis.com/cloudsql-instances: x"),
    /service\.annotations.*Cloud Run system annotation/,
  ],
  ["a service account that is not an email", inService("  service-account: web-runtime"), /service\.service-account/],
  ["a container name with capitals", inService("  container-name: Django"), /service\.container-name/],
  ["http2 as a string", inService('  http2: "yes"'), /service\.http2: must be true or false/],
  ["a command as a string", inService("  command: gunicorn config.wsgi"), /service\.command: must be a list/],
  ["args with a number", inService("  args: [--workers, 2]"), /service\.args\[1\]: must be a string/],
  ["startup-cpu-boost as a string", inService('  resources:\n    startup-cpu-boost: "yes"'), /service\.resources\.startup-cpu-boost/],
  [
    "a mount of an unknown volume",
    inService("  mounts:\n    - { volume: media, path: /app/media }"),
    /service\.mounts\[0\]\.volume: no volume named "media"/,
  ],
  [
    "a startup probe of two kinds",
    replace(/http: \{ path: \/healthz \}/, "http: { path: /healthz }\n    tcp: {}"),
    /service\.startup-probe: sets http and tcp/,
  ],
  ["a liveness probe over TCP", inService("  liveness-probe:\n    tcp: {}"), /service\.liveness-probe\.tcp: is for startup probes only/],
  ["depends-on an unknown container", inService("  depends-on: [proxy]"), /service\.depends-on\[0\]: no other container named "proxy"/],
  [
    "negative service-min-instances",
    replace(/min-instances: 0/, "min-instances: 0\n    service-min-instances: -1"),
    /service\.scaling\.service-min-instances/,
  ],
  ["an unknown ingress", inService("  ingress: public"), /service\.ingress: must be one of/],
  [
    "execution-environment gen3",
    inService("  execution-environment: gen3"),
    /service\.execution-environment: must be one of "gen1", "gen2"/,
  ],
  ["session-affinity as a string", inService('  session-affinity: "true"'), /service\.session-affinity/],
  [
    "a Cloud SQL instance without project and region",
    replace(/cloud-sql: \[[^\]]+\]/, "cloud-sql: [app-db-qa]"),
    /service\.cloud-sql\[0\]: must be a Cloud SQL connection name/,
  ],
  [
    "a VPC connector and a network",
    inService("  vpc:\n    connector: shop\n    network: default"),
    /service\.vpc\.connector: set either connector/,
  ],
  [
    "a volume with two sources",
    inService("  volumes:\n    - name: media\n      in-memory: {}\n      cloud-storage: { bucket: shop-media }"),
    /service\.volumes\[0\]: sets cloud-storage and in-memory/,
  ],
  [
    "a sidecar with a port",
    inService("  port: 8080\n  sidecars:\n    - name: otel\n      image: otel/opentelemetry-collector:0.100.0\n      port: 4317"),
    /service\.sidecars\[0\]\.port: unknown key/,
  ],
  [
    "sidecars without the serving port",
    inService("  sidecars:\n    - { name: otel, image: otel/opentelemetry-collector:0.100.0 }"),
    /service\.port: is required with sidecars/,
  ],
  ["custom-audiences as a string", inService("  custom-audiences: https://shop.example.com"), /service\.custom-audiences: must be a list/],
  [
    "binary-authorization with use-default and policy",
    inService("  binary-authorization:\n    use-default: true\n    policy: projects/demo-project/platforms/cloudRun/policies/strict"),
    /service\.binary-authorization: set exactly one/,
  ],
  ["invoker-iam-check as a string", inService('  invoker-iam-check: "false"'), /service\.invoker-iam-check: must be true or false/],
  [
    "a tag-only image for prod",
    same,
    /image: prod requires an image by digest/,
    { environment: "prod", image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:v1" },
  ],
  [
    "a tag-only image for qa",
    same,
    /image: qa requires an image by digest/,
    { image: "asia-northeast3-docker.pkg.dev/demo-project/app/web:v1" },
  ],
  ["a commit that is not a sha", same, /^commit:/, { commit: "main; rm -rf /" }],
  ["an image with spaces", same, /^image:/, { image: "web latest" }],
  ["an unknown environment", same, /staging/, { environment: "staging" }],
  ["an environment name that climbs out", same, /environment|name/, { environment: "../etc/passwd" }],
  // Enough ../ to reach / from a workspace at any TMPDIR depth (climbing past / stays there), so /etc exists.
  ["a config dir outside the workspace", same, /outside/, { configDir: `${"../".repeat(32)}etc` }],
];

describe("bad input to deploy", () => {
  it("has at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("%s", async (_title, mutate, expected, input = {}) => {
    const workspace = tempDir("runway-bad-");
    cpSync("environments", join(workspace, "environments"), { recursive: true });
    // No Django project here: an environment that declares migrations would be refused first.
    for (const name of ["dev", "qa", "prod"]) {
      const file = join(workspace, "environments", `${name}.yaml`);
      writeFileSync(file, withoutMigrations(readFileSync(file, "utf8")));
    }
    const qa = join(workspace, "environments", "qa.yaml");
    writeFileSync(qa, mutate(readFileSync(qa, "utf8")));
    const ctx: CommandContext = { logger: new MemoryLogger(), clock: fastClock(), clients: () => fx.clients.grpc, fetch, env: {} };
    const run = deployCommand(
      { environment: "qa", image: digest(1), commit: sha(1), dryRun: false, configDir: "environments", root: workspace, ...input },
      ctx,
    );
    const error = await run.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("ConfigurationError");
    expect(error?.message).toMatch(expected);
    expect((await fx.calls()).filter((c) => c.mutating)).toEqual([]);
  });
});
