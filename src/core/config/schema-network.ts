// How the service reaches the rest of the project: Cloud SQL, VPC egress, and volumes.
import { z } from "zod";
import { memory, obj } from "./fields.js";

/** Cloud SQL connection names are project:region:instance (the project may carry a domain). */
const CLOUD_SQL = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]{0,97}$/;
export const cloudSqlInstances = () =>
  z
    .array(z.string().regex(CLOUD_SQL, 'must be a Cloud SQL connection name "project:region:instance"'))
    // A refinement, not .min/.max: zod runs those on a string's length too, when the YAML gives one name instead of a list.
    .superRefine((names, ctx) => {
      if (names.length < 1 || names.length > 10)
        ctx.addIssue({
          code: "custom",
          message: names.length ? "must name at most 10 instances" : "must name at least one instance",
          input: names,
        });
    })
    .meta({ minItems: 1, maxItems: 10 });

export const CLOUD_SQL_VOLUME = "cloudsql";
export const CLOUD_SQL_PATH = "/cloudsql";

const egress = z
  .enum(["all-traffic", "private-ranges-only"])
  .describe("Which outbound traffic goes through the VPC. Cloud Run's default: private-ranges-only.");

export const vpcSchema = obj({
  connector: z
    .string()
    .regex(
      /^(?:projects\/[a-z0-9-]+\/locations\/[a-z0-9-]+\/connectors\/)?[a-z][-a-z0-9]{0,23}$/,
      "must be a connector name or projects/P/locations/R/connectors/C",
    )
    .optional()
    .describe("A Serverless VPC Access connector. Not with network/subnetwork (Direct VPC egress)."),
  network: z.string().min(1).optional().describe("Direct VPC egress: the VPC network (name or projects/P/global/networks/N)."),
  subnetwork: z.string().min(1).optional().describe("Direct VPC egress: the subnetwork (name or full path)."),
  tags: z
    .array(z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a network tag"))
    .optional()
    .describe("Direct VPC egress: network tags for firewall rules."),
  egress: egress.optional(),
}).superRefine((vpc, ctx) => {
  const direct = vpc.network !== undefined || vpc.subnetwork !== undefined || vpc.tags !== undefined;
  if (vpc.connector !== undefined && direct) {
    ctx.addIssue({
      code: "custom",
      path: ["connector"],
      message: "set either connector (Serverless VPC Access) or network/subnetwork (Direct VPC egress), not both",
      input: vpc.connector,
    });
  }
  if (vpc.connector === undefined && !vpc.network && !vpc.subnetwork) {
    ctx.addIssue({ code: "custom", message: "needs connector, or network and/or subnetwork", input: vpc });
  }
});

const volumeName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a volume name: lowercase letters, digits and hyphens");
const readOnly = () => z.boolean("must be true or false").optional().describe("Mount read-only.");
/** Each volume source by its YAML key and its key once parsed. */
const SOURCES = {
  secret: "secret",
  "cloud-storage": "cloudStorage",
  nfs: "nfs",
  "in-memory": "inMemory",
  "cloud-sql": "cloudSql",
} as const;

export const volumeSchema = obj({
  name: volumeName.describe("The volume name, which mounts refer to. Required; unique."),
  secret: obj({
    secret: z.string().min(1).describe("The Secret Manager secret. Required."),
    items: z
      .array(
        obj({
          path: z.string().min(1).describe("File name in the volume."),
          version: z.string().default("latest").describe('Default: "latest".'),
        }),
      )
      .optional()
      .describe("Files to create; default: the latest version as a file named like the secret."),
  })
    .optional()
    .describe("A Secret Manager secret as files."),
  "cloud-storage": obj({
    bucket: z.string().min(3).describe("The bucket. Required."),
    "read-only": readOnly(),
    "mount-options": z.array(z.string()).optional().describe("Cloud Storage FUSE mount options, e.g. implicit-dirs."),
  })
    .optional()
    .describe("A Cloud Storage bucket (Cloud Storage FUSE)."),
  nfs: obj({
    server: z.string().min(1).describe("The server's address, e.g. a Filestore instance's IP. Required."),
    path: z.string().regex(/^\//, 'must start with "/"').describe("The exported path, starting with /. Required."),
    "read-only": readOnly(),
  })
    .optional()
    .describe("An NFS share, e.g. Filestore."),
  "in-memory": obj({ "size-limit": memory().optional().describe("Counts against the instance's memory.") })
    .optional()
    .describe("An in-memory scratch volume."),
  "cloud-sql": cloudSqlInstances()
    .optional()
    .describe("Cloud SQL instances as sockets, mounted at /cloudsql; the `cloud-sql` shorthand is usually simpler."),
}).superRefine((volume, ctx) => {
  const set = Object.entries(SOURCES)
    .filter(([, key]) => volume[key] !== undefined)
    .map(([yaml]) => yaml);
  if (set.length !== 1) {
    const message = set.length
      ? `sets ${set.join(" and ")}: a volume has exactly one source`
      : `needs one source: ${Object.keys(SOURCES).join(", ")}`;
    ctx.addIssue({ code: "custom", message, input: volume });
  }
});
