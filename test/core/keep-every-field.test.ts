// Nothing is dropped: a service with an out-of-band value in every settable field of Service and
// RevisionTemplate (generated from the proto descriptors, not listed by hand) is deployed by
// Runway, and every field the YAML does not declare is still there afterwards.
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/core/deploy.js";
import { releasePaths } from "../../src/core/template/index.js";
import { diffPaths, flatten } from "../../src/core/template/paths.js";
import { deps, digest, sha, target } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { everyServiceField } from "../helpers/every-field.js";
import { inputFields } from "../helpers/proto-fill.js";
import { plain, type Service } from "../helpers/run.js";

const fx = useEmulator();
const NAME = `${PARENT}/services/web`;

/** Everything a caller sets on a service, except traffic, which a deploy moves by design. */
function settable(service: Service) {
  const { traffic: _traffic, etag: _etag, ...rest } = plain(service);
  const output = new Set([
    "uid",
    "generation",
    "createTime",
    "updateTime",
    "deleteTime",
    "expireTime",
    "creator",
    "lastModifier",
    "observedGeneration",
    "terminalCondition",
    "conditions",
    "latestReadyRevision",
    "latestCreatedRevision",
    "trafficStatuses",
    "uri",
    "urls",
    "satisfiesPzs",
    "reconciling",
    "name",
    "threatDetectionEnabled",
  ]);
  return Object.fromEntries(Object.entries(rest).filter(([k]) => !output.has(k)));
}

/** A YAML that declares only the service's name: every other field is the live service's. */
const minimal = () => target({ service: { name: "web" } });

describe.each(TRANSPORTS)("a deploy keeps every field it does not declare (%s)", (transport) => {
  it("every settable field of Service and RevisionTemplate survives, and the plan names them as kept", async () => {
    const clients = fx.clients[transport];
    const [op] = await clients.services.createService({ parent: PARENT, serviceId: "web", service: everyServiceField("web") });
    await op.promise();
    const [before] = await clients.services.getService({ name: NAME });
    const result = await deploy({ target: minimal(), image: digest(2), commit: sha(2), dryRun: false }, deps(clients));
    const [after] = await clients.services.getService({ name: NAME });

    // The property: no settable leaf changed, apart from the image and Runway's own keys.
    expect(diffPaths(settable(before), settable(after), releasePaths(before))).toEqual([]);
    expect(result.plan.changes).toEqual([]);

    // And it covered every field the descriptors list: each one has a leaf that was compared.
    const leaves = [...flatten(settable(before)).keys()];
    const covered = (prefix: string) => leaves.some((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
    const serviceFields = inputFields("Service")
      .map((f) => f.name)
      .filter((n) => !["traffic", "etag", "name"].includes(n));
    const templateFields = inputFields("RevisionTemplate")
      .map((f) => f.name)
      .filter((n) => n !== "revision");
    expect(serviceFields.filter((n) => !covered(n))).toEqual([]);
    expect(templateFields.filter((n) => !covered(`template.${n}`))).toEqual([]);

    // The plan said so before writing.
    for (const field of ["template.vpcAccess", "template.serviceAccount", "description", "ingress"])
      expect(result.plan.kept).toContain(field);
    expect(result.plan.kept.some((k) => k.startsWith("template.volumes["))).toBe(true);
  });

  it("declared fields change and nothing else does", async () => {
    const clients = fx.clients[transport];
    const [op] = await clients.services.createService({ parent: PARENT, serviceId: "web", service: everyServiceField("web") });
    await op.promise();
    const [before] = await clients.services.getService({ name: NAME });
    const declared = target({ service: { name: "web", concurrency: 7, ingress: "internal", description: "declared" } });
    const result = await deploy({ target: declared, image: digest(3), commit: sha(3), dryRun: false }, deps(clients));
    const [after] = await clients.services.getService({ name: NAME });
    const changed = diffPaths(settable(before), settable(after), releasePaths(before)).map((c) => c.path);
    expect(changed).toEqual(["description", "ingress", "template.maxInstanceRequestConcurrency"]);
    expect(result.plan.changes.map((c) => c.path)).toEqual(changed);
  });
});
