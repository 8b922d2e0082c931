import { describe, expect, it } from "vitest";
import { ANNOTATION_LEDGER } from "../../src/core/ledger.js";
import { planDeploy } from "../../src/core/plan.js";
import { makeRelease, revisionName } from "../../src/core/release.js";
import { ANNOTATION_OWNED } from "../../src/core/template/index.js";
import { servedTraffic, withCandidate } from "../../src/core/traffic.js";
import { digest, sha, target } from "../helpers/deploy.js";

const release = makeRelease({ image: digest(2), commit: sha(2), requireDigest: true, environment: "qa" });
import type { Service } from "../../src/gcp/cloudrun.js";

const service = (traffic: { revision?: string; percent: number; tag?: string; type?: string }[], latest = "web-old"): Service => ({
  name: "projects/p/locations/l/services/web",
  latestReadyRevision: `projects/p/locations/l/services/web/revisions/${latest}`,
  trafficStatuses: traffic.map((t) => ({
    ...t,
    type: (t.type ?? "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION") as "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
  })),
  // Runway set A and GONE (it owns them), so a YAML without them removes them.
  template: {
    containers: [
      {
        image: digest(1),
        env: [
          { name: "A", value: "1" },
          { name: "GONE", value: "x" },
        ],
      },
    ],
    annotations: { [ANNOTATION_OWNED]: JSON.stringify(["env:serving:A", "env:serving:GONE"]) },
  },
});

describe("traffic arithmetic", () => {
  it("scales the baseline with largest-remainder rounding so shares sum to 100", () => {
    const baseline = [
      { revision: "a", percent: 33 },
      { revision: "b", percent: 33 },
      { revision: "c", percent: 34 },
    ];
    const next = withCandidate(baseline, { revision: "new", tag: "rel-x" }, 10);
    expect(next.reduce((sum, e) => sum + e.percent, 0)).toBe(100);
    expect(next.at(-1)).toEqual({ revision: "new", percent: 10, tag: "rel-x" });
    expect(next.map((e) => e.percent)).toEqual([30, 30, 30, 10]);
  });

  it("keeps tagged 0% entries and drops untagged ones at 100%", () => {
    const next = withCandidate(
      [
        { revision: "a", percent: 100, tag: "stable" },
        { revision: "b", percent: 0 },
      ],
      { revision: "new", tag: "rel-x" },
      100,
    );
    expect(next).toEqual([
      { revision: "a", percent: 0, tag: "stable" },
      { revision: "new", percent: 100, tag: "rel-x" },
    ]);
  });

  it("resolves LATEST to the latest ready revision", () => {
    expect(servedTraffic(service([{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }], "web-7"))).toEqual([
      { revision: "web-7", percent: 100 },
    ]);
  });
});

describe("planDeploy", () => {
  const plan = (current: Service | undefined) =>
    planDeploy({
      environment: "qa",
      serviceName: "projects/p/locations/l/services/web",
      config: target().service,
      steps: target().steps,
      release,
      current,
      now: new Date(0),
    });

  it("plans a first deploy straight to 100%", () => {
    const p = plan(undefined);
    expect(p.firstDeploy).toBe(true);
    expect(p.steps.map((s) => s.traffic)).toEqual([[{ revision: p.revision, percent: 100, tag: p.tag }]]);
  });

  it("plans each step's traffic, names the revision deterministically, and diffs env vars", () => {
    const p = plan(service([{ revision: "web-old", percent: 100 }]));
    expect(p.steps.map((s) => s.traffic.map((e) => [e.revision, e.percent]))).toEqual([
      [
        ["web-old", 90],
        [p.revision, 10],
      ],
      [
        ["web-old", 50],
        [p.revision, 50],
      ],
      [[p.revision, 100]],
    ]);
    expect(p.revision).toBe(plan(service([{ revision: "web-old", percent: 100 }])).revision);
    expect(p.envChanges).toEqual([
      { name: "A", before: "1", after: undefined },
      { name: "DJANGO_SETTINGS_MODULE", before: undefined, after: "config.settings" },
      { name: "GONE", before: "x", after: undefined },
    ]);
    expect(p.imageBefore).toBe(digest(1));
  });

  it("keeps only the replaced revision's release tag", () => {
    const p = plan(
      service([
        { revision: "web-old", percent: 100, tag: "rel-old" },
        { revision: "web-older", percent: 0, tag: "rel-older" },
        { revision: "web-x", percent: 0, tag: "pr-7" },
      ]),
    );
    expect(p.steps.at(-1)?.traffic).toEqual([
      { revision: "web-old", percent: 0, tag: "rel-old" },
      { revision: "web-x", percent: 0, tag: "pr-7" },
      { revision: p.revision, percent: 100, tag: p.tag },
    ]);
    expect(p.trafficBefore).toHaveLength(3);
  });

  it("keeps the release tag of a rollout still in flight, so its checks keep their URL", () => {
    const current = service([
      { revision: "web-old", percent: 100, tag: "rel-old" },
      { revision: "web-rival", percent: 0, tag: "rel-rival" },
      { revision: "web-older", percent: 0, tag: "rel-older" },
    ]);
    const ledger = {
      "web-rival": { state: "deploying", at: "2026-11-22T07:00:00Z" },
      "web-older": { state: "healthy", at: "2026-11-21T07:00:00Z" },
    };
    const p = plan({ ...current, annotations: { [ANNOTATION_LEDGER]: JSON.stringify(ledger) } });
    expect(p.steps.at(-1)?.traffic.map((e) => e.tag)).toEqual(["rel-old", "rel-rival", p.tag]);
  });

  it("recognises a release that is already live", () => {
    const live = plan(service([{ revision: "x", percent: 100 }]));
    expect(plan(service([{ revision: live.revision, percent: 100 }])).alreadyLive).toBe(true);
  });
});

describe("releases", () => {
  it("derives the id from commit and digest and refuses bad input naming the field", () => {
    expect(release.id).toBe("0000002-000002");
    expect(() => makeRelease({ image: "Bad Image", commit: sha(1), requireDigest: false, environment: "dev" })).toThrow(/^image:/);
    expect(() => makeRelease({ image: digest(1), commit: "not-a-sha", requireDigest: true, environment: "qa" })).toThrow(/^commit:/);
    expect(() => makeRelease({ image: "r/app:1.0", commit: sha(1), requireDigest: true, environment: "prod" })).toThrow(
      /prod requires an image by digest/,
    );
    expect(makeRelease({ image: "r/app:1.0", commit: sha(1), requireDigest: false, environment: "dev" }).digest).toBeUndefined();
  });

  it("keeps revision names within Cloud Run's 63 characters", () => {
    expect(revisionName("a".repeat(48), release, "{}").length).toBeLessThanOrEqual(63);
  });
});
