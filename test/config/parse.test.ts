import { describe, expect, it } from "vitest";
import { parseEnvironment } from "../../src/core/config/load.js";
import { BASE, issuesOf, thrown } from "./helpers.js";

const FILE = "environments/prod.yaml";

describe("parseEnvironment", () => {
  it("fills in the documented defaults", () => {
    const env = parseEnvironment(BASE, FILE);
    expect(env).toEqual({
      name: "prod",
      project: "demo-project",
      region: "asia-northeast3",
      requireDigest: true,
      // Cloud Run fields have no defaults here: left out, they keep the live service's value.
      service: { name: "web" },
      checks: [{ name: "health", path: "/", expectStatus: 200, timeoutMs: 5_000, retries: 2 }],
      rollout: { steps: [{ percent: 100, waitMs: 0, checks: ["health"] }] },
      batch: [],
      schedules: [],
      freeze: [],
      notify: { mentionAuthor: true },
    });
  });

  it("converts kebab-case keys to camelCase but leaves user keys alone", () => {
    const env = parseEnvironment(
      `${BASE}  env:\n    my_var: x\n  labels:\n    cost-center: ops\n  secrets:\n    DB_URL: { secret: db-url, version: "3" }\n`,
      FILE,
    );
    expect(env.service.env).toEqual({ my_var: "x" });
    expect(env.service.labels).toEqual({ "cost-center": "ops" });
    expect(env.service.secrets).toEqual({ DB_URL: { secret: "db-url", version: "3" } });
  });

  it("reads a full service block: every Cloud Run field, camelCase, durations in milliseconds", () => {
    const env = parseEnvironment(
      `${BASE}  description: The shop's Django app
  labels: { team: platform, cost-center: shop }
  annotations: { example.com/owner: platform-team }
  service-account: web-runtime@demo-project.iam.gserviceaccount.com
  container-name: django
  port: 8080
  http2: false
  command: [gunicorn]
  args: [config.wsgi, --workers, "2"]
  env: { DJANGO_SETTINGS_MODULE: config.settings }
  secrets:
    DJANGO_SECRET_KEY: { secret: django-secret-key }
  resources: { cpu: "2", memory: 2Gi, cpu-idle: true, startup-cpu-boost: true }
  mounts:
    - { volume: media, path: /app/media }
    - { volume: config, path: /etc/app, sub-path: prod }
  startup-probe:
    http: { path: /healthz, headers: { X-Probe: startup } }
    initial-delay: 5s
    period: 10s
    timeout: 3s
    failure-threshold: 6
  liveness-probe:
    http: { path: /healthz }
    period: 30s
  depends-on: [otel]
  scaling: { min-instances: 1, max-instances: 20, service-min-instances: 2 }
  concurrency: 40
  timeout: 60s
  ingress: internal-and-cloud-load-balancing
  execution-environment: gen2
  session-affinity: true
  cloud-sql: [demo-project:asia-northeast3:app-db]
  vpc:
    network: default
    subnetwork: serverless
    tags: [django]
    egress: private-ranges-only
  volumes:
    - name: media
      cloud-storage: { bucket: demo-project-media, mount-options: [implicit-dirs] }
    - name: config
      secret: { secret: app-config, items: [{ path: settings.json, version: "3" }] }
    - name: scratch
      in-memory: { size-limit: 256Mi }
    - name: shared
      nfs: { server: 10.0.0.2, path: /exports, read-only: true }
  sidecars:
    - name: otel
      image: otel/opentelemetry-collector-contrib:0.100.0
      args: [--config=/etc/otel/config.yaml]
      resources: { cpu: "0.5", memory: 256Mi }
      mounts: [{ volume: scratch, path: /tmp/otel }]
      startup-probe:
        grpc: { port: 13133, service: health }
  custom-audiences: [https://shop.example.com]
  binary-authorization: { use-default: true, breakglass-justification: incident 42 }
  invoker-iam-check: false
`,
      FILE,
    );
    expect(env.service).toEqual({
      name: "web",
      description: "The shop's Django app",
      labels: { team: "platform", "cost-center": "shop" },
      annotations: { "example.com/owner": "platform-team" },
      serviceAccount: "web-runtime@demo-project.iam.gserviceaccount.com",
      containerName: "django",
      port: 8080,
      http2: false,
      command: ["gunicorn"],
      args: ["config.wsgi", "--workers", "2"],
      env: { DJANGO_SETTINGS_MODULE: "config.settings" },
      secrets: { DJANGO_SECRET_KEY: { secret: "django-secret-key", version: "latest" } },
      resources: { cpu: "2", memory: "2Gi", cpuIdle: true, startupCpuBoost: true },
      mounts: [
        { volume: "media", path: "/app/media" },
        { volume: "config", path: "/etc/app", subPath: "prod" },
      ],
      // User keys (header names, label keys) are left alone.
      startupProbe: {
        http: { path: "/healthz", headers: { "X-Probe": "startup" } },
        initialDelayMs: 5_000,
        periodMs: 10_000,
        timeoutMs: 3_000,
        failureThreshold: 6,
      },
      livenessProbe: { http: { path: "/healthz" }, periodMs: 30_000 },
      dependsOn: ["otel"],
      scaling: { minInstances: 1, maxInstances: 20, serviceMinInstances: 2 },
      concurrency: 40,
      timeoutMs: 60_000,
      ingress: "internal-and-cloud-load-balancing",
      executionEnvironment: "gen2",
      sessionAffinity: true,
      cloudSql: ["demo-project:asia-northeast3:app-db"],
      vpc: { network: "default", subnetwork: "serverless", tags: ["django"], egress: "private-ranges-only" },
      volumes: [
        { name: "media", cloudStorage: { bucket: "demo-project-media", mountOptions: ["implicit-dirs"] } },
        { name: "config", secret: { secret: "app-config", items: [{ path: "settings.json", version: "3" }] } },
        { name: "scratch", inMemory: { sizeLimit: "256Mi" } },
        { name: "shared", nfs: { server: "10.0.0.2", path: "/exports", readOnly: true } },
      ],
      sidecars: [
        {
          name: "otel",
          image: "otel/opentelemetry-collector-contrib:0.100.0",
          args: ["--config=/etc/otel/config.yaml"],
          resources: { cpu: "0.5", memory: "256Mi" },
          mounts: [{ volume: "scratch", path: "/tmp/otel" }],
          startupProbe: { grpc: { port: 13133, service: "health" } },
        },
      ],
      customAudiences: ["https://shop.example.com"],
      binaryAuthorization: { useDefault: true, breakglassJustification: "incident 42" },
      invokerIamCheck: false,
    });
  });

  it("reports one problem for a Cloud SQL name given without a list", () => {
    const error = thrown(() => parseEnvironment(`${BASE}  cloud-sql: demo-project:asia-northeast3:app-db\n`, FILE));
    expect(error.message).toBe(`${FILE}:6:14: service.cloud-sql: must be a list, not "demo-project:asia-northeast3:app-db"`);
  });

  it("reads durations as milliseconds and steps without checks as every check", () => {
    const env = parseEnvironment(
      `${BASE}checks:\n  - { name: a, path: /a }\n  - { name: b, path: /b, timeout: 250ms }\nrollout:\n  steps:\n    - { percent: 10, wait: 1h, checks: [a] }\n    - { percent: 100, wait: 1m30s }\n`,
      FILE,
    );
    expect(env.checks[1]!.timeoutMs).toBe(250);
    expect(env.rollout.steps).toEqual([
      { percent: 10, waitMs: 3_600_000, checks: ["a"] },
      { percent: 100, waitMs: 90_000, checks: ["a", "b"] },
    ]);
  });

  it("names every duration in milliseconds with the suffix Ms", () => {
    const env = parseEnvironment(
      `${BASE}  timeout: 1m
migrations:
  job: migrate
  lock-timeout: 2s
  statement-timeout: 3s
batch:
  - name: tidy
    timeout: 4s
schedules:
  - name: nightly
    cron: "0 3 * * *"
    target: { batch: tidy, overrides: { timeout: 5s } }
    attempt-deadline: 20s
    retry: { min-backoff: 6s, max-backoff: 7s, max-retry-duration: 8s }
`,
      FILE,
    );
    expect(env.service.timeoutMs).toBe(60_000);
    expect(env.migrations).toMatchObject({ lockTimeoutMs: 2_000, statementTimeoutMs: 3_000 });
    expect(env.batch[0]!.timeoutMs).toBe(4_000);
    const [schedule] = env.schedules;
    expect(schedule!.target).toEqual({ batch: "tidy", overrides: { timeoutMs: 5_000 } });
    expect(schedule!.attemptDeadlineMs).toBe(20_000);
    expect(schedule!.retry).toEqual({ count: 0, minBackoffMs: 6_000, maxBackoffMs: 7_000, maxDoublings: 5, maxRetryDurationMs: 8_000 });
  });

  it("gives schedule targets and freeze windows one shape each", () => {
    const env = parseEnvironment(
      `${BASE}batch:
  - name: tidy
schedules:
  - name: nightly
    cron: "0 3 * * *"
    target: { batch: tidy, overrides: { task-count: 2 } }
  - name: ping
    cron: "*/5 * * * *"
    time-zone: Asia/Seoul
    target: { http: { path: /tasks/ping } }
freeze:
  - { reason: fixed, start: "2030-01-01T00:00:00+09:00", end: "2030-01-02T00:00:00Z" }
  - { reason: weekly, cron: "0 17 * * 5", duration: 64h }
`,
      FILE,
    );
    expect(env.schedules.map((schedule) => schedule.target)).toEqual([
      { batch: "tidy", overrides: { taskCount: 2 } },
      { http: { path: "/tasks/ping", method: "POST", headers: {} } },
    ]);
    expect(env.schedules[1]!.timeZone).toBe("Asia/Seoul");
    expect(env.freeze).toEqual([
      { reason: "fixed", start: new Date("2029-12-31T15:00:00Z"), end: new Date("2030-01-02T00:00:00Z") },
      { reason: "weekly", cron: "0 17 * * 5", durationMs: 64 * 3_600_000, timeZone: "Etc/UTC" },
    ]);
  });

  it("reports every problem at once, in file order, with the first as the location", () => {
    const error = thrown(() => parseEnvironment(`${BASE}  port: 0\n  concurrency: 0\nrollout:\n  steps:\n    - percent: 200\n`, FILE));
    expect(error.message.split("\n")).toEqual([
      `${FILE}:6:9: service.port: must be between 1 and 65535`,
      `${FILE}:7:16: service.concurrency: must be between 1 and 1000`,
      `${FILE}:10:16: rollout.steps[0].percent: must be between 1 and 100`,
    ]);
    expect(error.location).toEqual({ file: FILE, line: 6, column: 9, field: "service.port" });
    expect(issuesOf(error)).toHaveLength(3);
    expect(error.name).toBe("ConfigurationError");
  });

  it("suggests the key that was probably meant", () => {
    const error = thrown(() => parseEnvironment(`${BASE}  scaling:\n    min-instance: 1\n`, FILE));
    expect(error.message).toContain('unknown key "min-instance" (did you mean "min-instances"?)');
  });

  it("refuses an empty file", () => {
    const error = thrown(() => parseEnvironment("", FILE));
    expect(issuesOf(error)[0]).toMatchObject({ line: 1, column: 1, field: "", message: expect.stringMatching(/mapping/) });
  });

  it("refuses a file over 256 KiB before parsing it", () => {
    const error = thrown(() => parseEnvironment(`${BASE}# ${"x".repeat(256 * 1024)}\n`, FILE));
    expect(error.message).toBe(`${FILE}:1:1: is larger than 256 KiB`);
  });

  it("refuses an alias explosion (billion laughs) at the first alias", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e"].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    const error = thrown(() => parseEnvironment(`${levels.join("\n")}\n`, FILE));
    expect(issuesOf(error)[0]).toMatchObject({ line: 2, column: 8, message: expect.stringMatching(/aliases/) });
  });

  it("allows a few aliases for sharing a list", () => {
    const env = parseEnvironment(`${BASE}  command: &cmd [gunicorn, config.wsgi]\nbatch:\n  - name: tidy\n    command: *cmd\n`, FILE);
    expect(env.batch[0]!.command).toEqual(["gunicorn", "config.wsgi"]);
  });

  it("refuses unknown tags rather than guessing", () => {
    const error = thrown(() => parseEnvironment(`${BASE}  port: !int 80\n`, FILE));
    expect(issuesOf(error)[0]).toMatchObject({ line: 6, field: "" });
  });

  it("reads YAML 1.2: yes and on are strings, so they are not booleans", () => {
    const error = thrown(() => parseEnvironment(`${BASE}require-digest: yes\n`, FILE));
    expect(error.message).toContain("require-digest: must be true or false");
  });

  it("does not check the name against a file that is not a .yaml file", () => {
    expect(parseEnvironment(BASE, "<stdin>").name).toBe("prod");
  });
});
