import type { Json } from "./proto.js";
import type { Operations } from "./operations.js";
import type { ImageSpec } from "./serving/catalog.js";

/** Internal bookkeeping kept beside a Cloud Run service resource. */
export interface ServiceRecord {
  resource: Json;
  /** Round-robin counter for splitting requests on the service URL by percent. */
  requestSeq: number;
}

export interface RevisionRecord {
  resource: Json;
  /** Stable JSON of the template that produced it, to detect reuse with a different config. */
  templateKey: string;
  ready: boolean;
}

export interface Clock {
  now(): Date;
}

/** Every resource the emulator holds, in one place so it can be saved, loaded and reset. */
export class Store {
  services = new Map<string, ServiceRecord>();
  revisions = new Map<string, RevisionRecord>();
  jobs = new Map<string, Json>();
  executions = new Map<string, Json>();
  /** Task resources of executions, by full task name. */
  tasks = new Map<string, Json>();
  schedulerJobs = new Map<string, Json>();
  /** IAM policies set on services and jobs, by resource name; a resource without one has the empty policy. */
  policies = new Map<string, Json>();
  catalog = new Map<string, ImageSpec>();

  constructor(readonly operations: Operations) {}

  clear(): void {
    for (const map of [
      this.services,
      this.revisions,
      this.jobs,
      this.executions,
      this.tasks,
      this.schedulerJobs,
      this.policies,
      this.catalog,
    ])
      map.clear();
    this.operations.records.clear();
  }

  toJSON(): Json {
    const entries = <T>(map: Map<string, T>) => Object.fromEntries(map) as unknown as Json;
    return {
      version: 1,
      services: entries(this.services),
      revisions: entries(this.revisions),
      jobs: entries(this.jobs),
      executions: entries(this.executions),
      tasks: entries(this.tasks),
      schedulerJobs: entries(this.schedulerJobs),
      policies: entries(this.policies),
      catalog: entries(this.catalog),
      operations: this.operations.toJSON(),
    };
  }

  load(state: Json): void {
    this.clear();
    const restore = <T>(map: Map<string, T>, value: unknown) => {
      for (const [key, item] of Object.entries((value ?? {}) as Record<string, T>)) map.set(key, item);
    };
    restore(this.services, state.services);
    restore(this.revisions, state.revisions);
    restore(this.jobs, state.jobs);
    restore(this.executions, state.executions);
    restore(this.tasks, state.tasks);
    restore(this.schedulerJobs, state.schedulerJobs);
    restore(this.policies, state.policies);
    restore(this.catalog, state.catalog);
    this.operations.load((state.operations ?? []) as Json[]);
  }
}
