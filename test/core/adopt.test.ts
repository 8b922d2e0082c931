// Adopting services deployed by hand: import writes the environment file, and a deploy of a new
// image then changes nothing but the image and Runway's own keys, over both transports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCommand } from "../../src/commands/import.js";
import { deployTarget } from "../../src/core/deploy-target.js";
import { parseEnvironment } from "../../src/core/config/load.js";
import { deploy } from "../../src/core/deploy.js";
import { diffPaths } from "../../src/core/template/paths.js";
import { releasePaths } from "../../src/core/template/index.js";
import { commandContext } from "../helpers/commands.js";
import { deps, digest, sha } from "../helpers/deploy.js";
import { PARENT, TRANSPORTS, useEmulator } from "../helpers/emulator.js";
import { plain, type Service } from "../helpers/run.js";
import { FIXTURES } from "./adopt-fixtures.js";
import { tempDir } from "../helpers/tmp.js";

const fx = useEmulator();

/** What a person configures on a service: the template and the settable service-level fields. */
function configured(service: Service) {
  const s = plain(service);
  const { description, labels, annotations, ingress, customAudiences, binaryAuthorization, invokerIamDisabled, scaling, template } = s;
  return { description, labels, annotations, ingress, customAudiences, binaryAuthorization, invokerIamDisabled, scaling, template };
}

async function adopt(transport: (typeof TRANSPORTS)[number], id: string) {
  const clients = fx.clients[transport];
  const name = `${PARENT}/services/${id}`;
  const [op] = await clients.services.createService({ parent: PARENT, serviceId: id, service: FIXTURES[id] });
  await op.promise();
  const [before] = await clients.services.getService({ name });
  const dir = tempDir("runway-import-");
  const ctx = commandContext(clients);
  await importCommand({ environment: "adopted", service: name, configDir: dir, root: "/", force: false, dryRun: false }, ctx);
  const file = join(dir, "adopted.yaml");
  const env = parseEnvironment(readFileSync(file, "utf8"), file);
  return { clients, name, before, env, file, logger: ctx.logger };
}

describe.each(TRANSPORTS)("import, then deploy a new image (%s)", (transport) => {
  it.each(Object.keys(FIXTURES))("%s: every field but the image and Runway's keys is unchanged", async (id) => {
    const { clients, name, before, env, logger } = await adopt(transport, id);
    expect(logger.lines.filter((l) => l.startsWith("warn"))).toEqual([]);
    const result = await deploy({ target: deployTarget(env), image: digest(2), commit: sha(2), dryRun: false }, deps(clients));
    expect(result.plan.changes).toEqual([]);
    const [after] = await clients.services.getService({ name });
    expect(diffPaths(configured(before), configured(after), releasePaths(before))).toEqual([]);
    const containers = after.template?.containers ?? [];
    expect(containers.some((c) => c.image === digest(2))).toBe(true);
    // The new revision carries the template, volumes and all.
    const [revision] = await clients.revisions.getRevision({ name: `${name}/revisions/${result.revision}` });
    expect(plain({ template: { volumes: revision.volumes, vpcAccess: revision.vpcAccess } }).template).toEqual(
      plain({ template: { volumes: before.template?.volumes, vpcAccess: before.template?.vpcAccess } }).template,
    );
  });
});

describe("import", () => {
  it("declares the Cloud SQL instance with the shorthand, keeps secrets as references, and says what it cannot declare", async () => {
    const { env } = await adopt("grpc", "api-cloudsql");
    expect(env.service.cloudSql).toEqual(["demo-project:asia-northeast3:app-db"]);
    expect(env.service.secrets).toEqual({ DB_PASSWORD: { secret: "db-password", version: "3" } });
    const admin = await adopt("grpc", "admin-internal");
    expect(admin.env.service.volumes?.map((v) => v.name)).toEqual(["tls", "scratch"]);
    expect(admin.env.service.ingress).toBe("internal-and-cloud-load-balancing");
    expect(admin.env.service.invokerIamCheck).toBe(false);
  });

  it("refuses to overwrite an environment file without force, and writes nothing for a dry run", async () => {
    const { name, file } = await adopt("grpc", "worker-vpc");
    const dir = join(file, "..");
    const ctx = commandContext(fx.clients.grpc);
    const input = { environment: "adopted", service: name, configDir: dir, root: "/", force: false, dryRun: false };
    await expect(importCommand(input, ctx)).rejects.toThrow(/exists.*--force/);
    await expect(importCommand({ ...input, force: true }, ctx)).resolves.toMatchObject({ outputs: { file } });
    const dry = await importCommand({ ...input, environment: "other", dryRun: true }, ctx);
    expect(() => readFileSync(join(dir, "other.yaml"))).toThrow();
    expect(dry.summary).toContain("Would write");
  });

  it("refuses a malformed service name and a service that does not exist", async () => {
    const ctx = commandContext(fx.clients.grpc);
    const base = { environment: "adopted", configDir: tempDir("runway-import-"), root: "/", force: false, dryRun: false };
    await expect(importCommand({ ...base, service: "web" }, ctx)).rejects.toThrow(
      /projects\/PROJECT\/locations\/REGION\/services\/SERVICE/,
    );
    await expect(importCommand({ ...base, service: `${PARENT}/services/nope` }, ctx)).rejects.toThrow(/does not exist/);
  });
});
