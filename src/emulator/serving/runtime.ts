import type { Json } from "../proto.js";
import { type ImageSpec, lookupImage } from "./catalog.js";
import { canConnect, freePort, LogBuffer, type Spawned, spawnCommand, stopProcess } from "./process.js";

export type StartResult = { ready: true } | { ready: false; reason: string; message: string };

interface Instance {
  spawned: Spawned;
  port: number;
  ready: Promise<StartResult>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Docker semantics: container.command replaces the entrypoint, container.args replaces CMD. */
export function argvFor(spec: ImageSpec, container: Json): string[] | undefined {
  if (!spec.command && !spec.entrypoint) return undefined;
  const command = container.command as string[] | undefined;
  const args = container.args as string[] | undefined;
  if (command?.length) return [...command, ...(args ?? [])];
  if (args?.length) return [...(spec.entrypoint ?? []), ...args];
  return [...(spec.entrypoint ?? []), ...(spec.command ?? [])];
}

/** Environment of a container: the emulator's own, the catalog's, then the container's. */
export function envFor(spec: ImageSpec, container: Json, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  for (const item of (container.env ?? []) as Json[]) {
    // Secret Manager is not emulated: a secret reference resolves to a visible placeholder.
    const source = (item.valueSource as Json | undefined)?.secretKeyRef as Json | undefined;
    env[String(item.name)] = source
      ? `emulator-secret:${String(source.secret)}:${String(source.version ?? "latest")}`
      : String(item.value ?? "");
  }
  return { ...env, ...extra };
}

/** Runs what the image catalog says an image does: service instances and job tasks. */
export class Runtime {
  private readonly instances = new Map<string, Instance>();
  readonly startupTimeoutMs: number;

  constructor(
    private readonly catalog: Map<string, ImageSpec>,
    options: { startupTimeoutMs?: number } = {},
  ) {
    this.startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  }

  spec(image: string): ImageSpec | undefined {
    return lookupImage(this.catalog, image);
  }

  /** Brings a revision up the way Cloud Run's default TCP startup probe sees it. */
  async startRevision(revision: Json, serviceId: string): Promise<StartResult> {
    const container = ((revision.containers ?? []) as Json[])[0] ?? {};
    const spec = this.spec(String(container.image ?? ""));
    if (spec?.startupMs) await sleep(spec.startupMs);
    if (spec?.ready === false) {
      return {
        ready: false,
        reason: "HEALTH_CHECK_CONTAINER_ERROR",
        message: `Revision '${revisionId(revision)}' is not ready and cannot serve traffic. The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.`,
      };
    }
    if (!spec || !argvFor(spec, container)) return { ready: true };
    return this.ensureInstance(revision, serviceId).ready;
  }

  /** Port of a running instance of a command image, starting it (a cold start) if needed. */
  async instancePort(revision: Json, serviceId: string): Promise<number | StartResult> {
    const instance = this.ensureInstance(revision, serviceId);
    const result = await instance.ready;
    return result.ready ? instance.port : result;
  }

  private ensureInstance(revision: Json, serviceId: string): Instance {
    const name = String(revision.name);
    const existing = this.instances.get(name);
    if (existing && existing.spawned.child.exitCode === null) return existing;
    const container = ((revision.containers ?? []) as Json[])[0] ?? {};
    const spec = this.spec(String(container.image)) as ImageSpec;
    const log = new LogBuffer();
    const instance = { port: 0 } as Instance;
    instance.ready = (async (): Promise<StartResult> => {
      instance.port = await freePort();
      const env = envFor(spec, container, {
        PORT: String(instance.port),
        K_SERVICE: serviceId,
        K_REVISION: revisionId(revision),
        K_CONFIGURATION: serviceId,
      });
      instance.spawned = spawnCommand(argvFor(spec, container) as string[], { cwd: spec.cwd, env }, log);
      return this.waitListening(instance, revisionId(revision));
    })();
    this.instances.set(name, instance);
    return instance;
  }

  private async waitListening(instance: Instance, revision: string): Promise<StartResult> {
    const deadline = Date.now() + this.startupTimeoutMs;
    let exited = false;
    void instance.spawned.exited.then(() => {
      exited = true;
    });
    while (Date.now() < deadline && !exited) {
      if (await canConnect(instance.port)) return { ready: true };
      await sleep(25);
    }
    await stopProcess(instance.spawned);
    const tail = instance.spawned.log.toString().split("\n").slice(-15).join("\n");
    return {
      ready: false,
      reason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: `Revision '${revision}' is not ready and cannot serve traffic. The user-provided container ${exited ? "exited before listening" : "did not listen in time"} on the port defined by the PORT=${instance.port} environment variable.\n${tail}`,
    };
  }

  logs(revisionName: string): string {
    return this.instances.get(revisionName)?.spawned?.log.toString() ?? "";
  }

  async stopRevision(revisionName: string): Promise<void> {
    const instance = this.instances.get(revisionName);
    this.instances.delete(revisionName);
    if (instance?.spawned) await stopProcess(instance.spawned);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.instances.keys()].map((name) => this.stopRevision(name)));
  }
}

export const revisionId = (revision: Json) => String(revision.name).split("/").pop() as string;
