import { ExecutionsClient, JobsClient, RevisionsClient, ServicesClient } from "@google-cloud/run";
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import { type ClientOptions, GoogleAuth, googleAuthLibrary, grpc } from "google-gax";

export interface GcpClients {
  services: ServicesClient;
  revisions: RevisionsClient;
  jobs: JobsClient;
  executions: ExecutionsClient;
  scheduler: CloudSchedulerClient;
  close(): Promise<void>;
}

export type Transport = "grpc" | "rest";

/**
 * Options pointing an official client at the emulator. gRPC credentials must come from
 * google-gax's own grpc-js copy, and PassThroughClient keeps auth off the metadata server.
 */
export function emulatorOptions(address: string, transport: Transport = "grpc"): ClientOptions {
  const url = new URL(address.includes("://") ? address : `http://${address}`);
  const auth = new GoogleAuth({ authClient: new googleAuthLibrary.PassThroughClient() });
  const common = { apiEndpoint: url.hostname, port: Number(url.port), auth } as ClientOptions;
  return transport === "grpc"
    ? { ...common, sslCreds: grpc.credentials.createInsecure() }
    : { ...common, fallback: true, protocol: "http" } as ClientOptions;
}

/**
 * The official clients. With RUNWAY_EMULATOR_HOST=host:port (gRPC) they talk to the emulator,
 * the way PUBSUB_EMULATOR_HOST works; otherwise Application Default Credentials are used.
 */
export function createClients(options: { emulatorHost?: string; transport?: Transport } = {}): GcpClients {
  const host = options.emulatorHost ?? process.env.RUNWAY_EMULATOR_HOST;
  const opts: ClientOptions = host ? emulatorOptions(host, options.transport) : {};
  const clients = {
    services: new ServicesClient(opts),
    revisions: new RevisionsClient(opts),
    jobs: new JobsClient(opts),
    executions: new ExecutionsClient(opts),
    scheduler: new CloudSchedulerClient(opts),
  };
  return {
    ...clients,
    async close() {
      await Promise.all(Object.values(clients).map((c) => c.close()));
    },
  };
}
