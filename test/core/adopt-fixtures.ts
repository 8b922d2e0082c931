// Four services as a team deploys them by hand with gcloud, before adopting Runway. Each is
// created through the official client; the fields are those gcloud sends for the flags named.
import type { Service } from "../helpers/run.js";

const IMAGE = "asia-northeast3-docker.pkg.dev/demo-project/app/web@sha256:0000aa" + "a".repeat(58);

/** gcloud run deploy api --add-cloudsql-instances … --service-account … --set-secrets … --cpu-boost --labels team=backend */
const djangoCloudSql: Service = {
  description: "Django API",
  labels: { team: "backend" },
  template: {
    labels: { team: "backend" },
    serviceAccount: "api-runtime@demo-project.iam.gserviceaccount.com",
    scaling: { maxInstanceCount: 10 },
    maxInstanceRequestConcurrency: 40,
    timeout: { seconds: 120 },
    containers: [
      {
        image: IMAGE,
        ports: [{ name: "http1", containerPort: 8080 }],
        env: [
          { name: "DJANGO_SETTINGS_MODULE", value: "config.settings" },
          { name: "DB_HOST", value: "/cloudsql/demo-project:asia-northeast3:app-db" },
          { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "db-password", version: "3" } } },
        ],
        resources: { limits: { cpu: "1", memory: "1Gi" }, cpuIdle: true, startupCpuBoost: true },
        volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }],
      },
    ],
    volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["demo-project:asia-northeast3:app-db"] } }],
  },
};

/** gcloud run deploy worker --network default --subnet default --network-tags web --vpc-egress private-ranges-only --execution-environment gen2 */
const directVpc: Service = {
  template: {
    executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
    vpcAccess: { networkInterfaces: [{ network: "default", subnetwork: "default", tags: ["web"] }], egress: "PRIVATE_RANGES_ONLY" },
    scaling: { minInstanceCount: 1, maxInstanceCount: 5 },
    containers: [
      {
        image: IMAGE,
        ports: [{ name: "http1", containerPort: 8000 }],
        env: [{ name: "DJANGO_SETTINGS_MODULE", value: "config.settings" }],
      },
    ],
  },
};

/** gcloud run services replace with a collector sidecar, a startup probe, and the app waiting for the collector. */
const otelSidecar: Service = {
  template: {
    containers: [
      {
        name: "app",
        image: IMAGE,
        ports: [{ name: "http1", containerPort: 8080 }],
        dependsOn: ["collector"],
        startupProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 12 },
        livenessProbe: { httpGet: { path: "/healthz" }, periodSeconds: 30 },
        resources: { limits: { cpu: "2", memory: "2Gi" } },
      },
      {
        name: "collector",
        image: "us-docker.pkg.dev/cloud-ops-agents-artifacts/google-cloud-opentelemetry-collector/otelcol-google:0.121.0",
        resources: { limits: { cpu: "0.5", memory: "256Mi" } },
        volumeMounts: [{ name: "otel-config", mountPath: "/etc/otelcol-google" }],
        startupProbe: { tcpSocket: { port: 13133 } },
      },
    ],
    volumes: [{ name: "otel-config", secret: { secret: "otel-config", items: [{ path: "config.yaml", version: "latest" }] } }],
  },
};

/** gcloud run deploy admin --ingress internal-and-cloud-load-balancing --add-volume type=secret … --session-affinity --no-invoker-iam-check */
const secretVolumes: Service = {
  ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
  customAudiences: ["https://admin.example.com"],
  invokerIamDisabled: true,
  annotations: { "example.com/owner": "platform" },
  template: {
    sessionAffinity: true,
    encryptionKey: "projects/demo-project/locations/asia-northeast3/keyRings/run/cryptoKeys/admin",
    containers: [
      {
        image: IMAGE,
        ports: [{ name: "http1", containerPort: 8080 }],
        volumeMounts: [
          { name: "tls", mountPath: "/etc/tls" },
          { name: "scratch", mountPath: "/tmp/work" },
          { name: "keys", mountPath: "/etc/keys" },
        ],
      },
    ],
    volumes: [
      {
        name: "tls",
        secret: {
          secret: "admin-tls",
          items: [
            { path: "tls.crt", version: "2" },
            { path: "tls.key", version: "2" },
          ],
        },
      },
      { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "128Mi" } },
      // A file mode the YAML does not model: kept from the live service, never rewritten.
      { name: "keys", secret: { secret: "signing-key", defaultMode: 0o400 } },
    ],
  },
};

export const FIXTURES: Record<string, Service> = {
  "api-cloudsql": djangoCloudSql,
  "worker-vpc": directVpc,
  "web-otel": otelSidecar,
  "admin-internal": secretVolumes,
};
export const FIXTURE_IMAGE = IMAGE;
