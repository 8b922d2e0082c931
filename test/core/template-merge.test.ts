// The merge rule, case by case: declared fields set, undeclared kept, keyed entries owned by
// Runway removed when the YAML drops them, entries set by someone else kept.
import { describe, expect, it } from "vitest";
import protosJson from "@google-cloud/run/build/protos/protos.json" with { type: "json" };
import { parseEnvironment } from "../../src/core/config/load.js";
import { ANNOTATION_OWNED, buildRevision, type RunService } from "../../src/core/template/index.js";
import { ONEOFS } from "../../src/core/template/paths.js";

const spec = (yaml: string) =>
  parseEnvironment(`name: dev\nproject: demo-project\nregion: asia-northeast3\nservice:\n  name: web\n${yaml}`, "environments/dev.yaml")
    .service;

const live = (owned: string[] = []): RunService => ({
  name: "projects/demo-project/locations/asia-northeast3/services/web",
  labels: { team: "a", "goog-managed": "x" },
  template: {
    annotations: { [ANNOTATION_OWNED]: JSON.stringify(owned) },
    containers: [
      {
        name: "app",
        image: "old",
        ports: [{ containerPort: 8080 }],
        env: [
          { name: "MINE", value: "1" },
          { name: "THEIRS", value: "2" },
        ],
      },
      { name: "proxy", image: "proxy:1" },
    ],
    volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["demo-project:asia-northeast3:db"] } }],
  },
});

describe("buildRevision", () => {
  it("keeps what the YAML does not declare and lists it", () => {
    const built = buildRevision(spec("  concurrency: 20\n"), "new", live());
    const app = built.template.containers?.[0];
    expect(app?.image).toBe("new");
    expect(app?.env?.map((e) => e.name)).toEqual(["MINE", "THEIRS"]);
    expect(built.template.maxInstanceRequestConcurrency).toBe(20);
    expect(built.template.containers?.[1]).toEqual({ name: "proxy", image: "proxy:1" });
    expect(built.kept).toEqual([
      "labels",
      "template.containers[app].env[MINE]",
      "template.containers[app].env[THEIRS]",
      "template.containers[app].ports",
      "template.containers[proxy]",
      "template.volumes[cloudsql]",
    ]);
    expect(built.changes.map((c) => c.path)).toEqual(["template.maxInstanceRequestConcurrency"]);
  });

  it("removes an entry Runway set before and the YAML dropped, and keeps one someone else set", () => {
    const built = buildRevision(spec("  env:\n    NEW: x\n"), "new", live(["env:serving:MINE"]));
    expect(built.template.containers?.[0]?.env).toEqual([
      { name: "THEIRS", value: "2" },
      { name: "NEW", value: "x" },
    ]);
    expect(built.owned).toEqual(["env:serving:NEW"]);
    expect(built.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ["template.containers[app].env[MINE].value", '"1"', undefined],
      ["template.containers[app].env[NEW].value", undefined, '"x"'],
    ]);
  });

  it("merges sidecars by name and removes one Runway added when the YAML drops it", () => {
    const yaml = "  port: 8080\n  sidecars:\n    - name: otel\n      image: otel:1\n";
    const added = buildRevision(spec(yaml), "new", live());
    expect(added.template.containers?.map((c) => c.name)).toEqual(["app", "proxy", "otel"]);
    const withOtel: RunService = {
      ...live(added.owned),
      template: { ...live(added.owned).template, containers: added.template.containers },
    };
    const dropped = buildRevision(spec(""), "newer", withOtel);
    expect(dropped.template.containers?.map((c) => c.name)).toEqual(["app", "proxy"]);
  });

  it("turns the cloud-sql shorthand into the volume and mount gcloud makes, replacing the live instance list", () => {
    const built = buildRevision(spec("  cloud-sql: [demo-project:asia-northeast3:other]\n"), "new", live());
    expect(built.template.volumes).toEqual([{ name: "cloudsql", cloudSqlInstance: { instances: ["demo-project:asia-northeast3:other"] } }]);
    expect(built.template.containers?.[0]?.volumeMounts).toEqual([{ name: "cloudsql", mountPath: "/cloudsql" }]);
  });

  it("merges labels per key on the service and the template, keeping labels set by others", () => {
    const built = buildRevision(spec("  labels:\n    team: b\n"), "new", live());
    expect(built.service.labels).toEqual({ team: "b", "goog-managed": "x" });
    expect(built.template.labels).toEqual({ team: "b" });
  });

  it("sends ingress and the other service-level fields it declares", () => {
    const yaml = "  ingress: internal-and-cloud-load-balancing\n  invoker-iam-check: false\n  scaling:\n    service-min-instances: 2\n";
    expect(buildRevision(spec(yaml), "new", live()).service.set).toEqual({
      ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
      invokerIamDisabled: true,
      scaling: { minInstanceCount: 2 },
    });
  });
});

describe("paths", () => {
  it("knows every oneof of google.cloud.run.v2 (proto-loader's virtual properties)", () => {
    const found = new Set<string>();
    const walk = (ns: { nested?: Record<string, unknown>; oneofs?: Record<string, unknown> }) => {
      for (const name of Object.keys(ns.oneofs ?? {})) found.add(name);
      for (const child of Object.values(ns.nested ?? {})) walk(child as typeof ns);
    };
    walk(
      (protosJson as { nested: { google: { nested: { cloud: { nested: { run: { nested: { v2: object } } } } } } } }).nested.google.nested
        .cloud.nested.run.nested.v2,
    );
    expect([...ONEOFS].sort()).toEqual([...found].sort());
  });
});
