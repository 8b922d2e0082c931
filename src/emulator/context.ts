import type { RequestLog } from "./monitoring/requests.js";
import type { Operations } from "./operations.js";
import type { Runtime } from "./serving/runtime.js";
import type { Store } from "./state.js";

/** Where the emulator serves what Cloud Run would serve on *.run.app. */
export class Urls {
  constructor(readonly base: string) {}
  service(project: string, location: string, service: string): string {
    return `${this.base}/run/${project}/${location}/${service}`;
  }
  tag(project: string, location: string, service: string, tag: string): string {
    return `${this.base}/run/${project}/${location}/${tag}---${service}`;
  }
  revision(project: string, location: string, revision: string): string {
    return `${this.base}/rev/${project}/${location}/${revision}`;
  }
  logs(resourceName: string): string {
    return `${this.base}/_emulator/logs/${resourceName}`;
  }
}

export interface Emu {
  store: Store;
  ops: Operations;
  runtime: Runtime;
  urls: Urls;
  now: () => Date;
  /** Every request answered on a revision's behalf, for the Monitoring API. */
  requests: RequestLog;
  /** Saves state after a mutation when --state is given. */
  changed: () => void;
}

export const timestamp = (emu: Emu) => emu.now().toISOString();
