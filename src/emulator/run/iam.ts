// IAM policies of Cloud Run services and jobs: the GetIamPolicy, SetIamPolicy and
// TestIamPermissions methods of google.cloud.run.v2.Services and Jobs, with the semantics of
// google/iam/v1 (iam_policy.proto, policy.proto, options.proto). Policies are stored and returned,
// never enforced. Sources are in docs/emulator-fidelity.md ("IAM policies").
import { randomBytes } from "node:crypto";
import { parseName } from "../common.js";
import type { Emu } from "../context.js";
import { ApiError, invalid } from "../errors.js";
import type { Json } from "../proto.js";
import type { Handler } from "../registry.js";

/** The etag of a resource whose policy was never set, as `get-iam-policy` prints it. */
export const EMPTY_POLICY_ETAG = "ACAB";
const VERSIONS = [0, 1, 3];
/** SetIamPolicy's default mask (iam_policy.proto): `paths: "bindings, etag"`. */
const DEFAULT_MASK = ["bindings", "etag"];
const MASKABLE = ["bindings", "etag", "audit_configs", "version"];

const MEMBER =
  /^(?:allUsers|allAuthenticatedUsers|(?:deleted:)?(?:user|serviceAccount|group):[^\s:]+|domain:[^\s:]+|principal(?:Set)?:\/\/\S+|project(?:Owner|Editor|Viewer):\S+)$/;
const ROLE = /^(?:roles\/[A-Za-z0-9_.]+|(?:projects|organizations)\/[^/\s]+\/roles\/[A-Za-z0-9_.]+)$/;

const conditional = (policy: Json) => ((policy.bindings ?? []) as Json[]).some((b) => b.condition !== undefined);

function checkVersion(field: string, version: unknown): number {
  const value = Number(version ?? 0);
  if (!VERSIONS.includes(value)) throw invalid(field, `invalid policy version ${String(version)}; valid values are 0, 1 and 3`);
  return value;
}

function checkPolicy(policy: Json): void {
  const version = checkVersion("policy.version", policy.version);
  ((policy.bindings ?? []) as Json[]).forEach((binding, i) => {
    const field = `policy.bindings[${i}]`;
    if (typeof binding.role !== "string" || !ROLE.test(binding.role))
      throw invalid(`${field}.role`, `${JSON.stringify(binding.role ?? "")} is not a role name (roles/..., or a custom role)`);
    const members = (binding.members ?? []) as string[];
    if (members.length === 0) throw invalid(`${field}.members`, "each binding must contain at least one principal");
    members.forEach((member, j) => {
      if (!MEMBER.test(member)) throw invalid(`${field}.members[${j}]`, `${JSON.stringify(member)} is not a valid principal`);
    });
    if (binding.condition !== undefined && version < 3)
      throw invalid(`${field}.condition`, "a policy with conditional role bindings must specify version 3");
  });
}

export function iamHandlers(emu: Emu, collection: "services" | "jobs"): Record<string, Handler> {
  const kind = collection === "services" ? "Service" : "Job";
  const exists = (name: string) => (collection === "services" ? emu.store.services.has(name) : emu.store.jobs.has(name));

  function resource(name: unknown): string {
    const parts = parseName("resource", name, [collection]);
    if (!exists(String(name))) throw new ApiError("NOT_FOUND", `${kind} ${parts[collection]} not found.`);
    return String(name);
  }

  /** The stored policy, or the empty one every existing resource has. */
  const current = (name: string): Json => emu.store.policies.get(name) ?? { etag: EMPTY_POLICY_ETAG };

  return {
    GetIamPolicy: (req) => {
      const name = resource(req.resource);
      const requested = checkVersion("options.requested_policy_version", (req.options as Json | undefined)?.requestedPolicyVersion);
      const policy = current(name);
      // options.proto: "Requests for policies with any conditional role bindings must specify version 3."
      if (conditional(policy) && requested < 3)
        throw invalid("options.requested_policy_version", "the policy has conditional role bindings; request policy version 3 to read it");
      return structuredClone(policy);
    },
    SetIamPolicy: (req) => {
      const name = resource(req.resource);
      const policy = req.policy as Json | undefined;
      if (!policy) throw invalid("policy", "required");
      const paths = req.updateMask ? String(req.updateMask).split(",").filter(Boolean) : DEFAULT_MASK;
      for (const path of paths) if (!MASKABLE.includes(path)) throw invalid("update_mask", `unknown field path ${JSON.stringify(path)}`);
      checkPolicy(policy);
      const stored = current(name);
      // policy.proto: the etag a read returned makes the write apply only to that version of the
      // policy; without one, the policy is overwritten blindly.
      if (paths.includes("etag") && policy.etag && policy.etag !== stored.etag)
        throw new ApiError(
          "ABORTED",
          "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.",
        );
      const next: Json = { ...stored };
      if (paths.includes("bindings")) next.bindings = structuredClone((policy.bindings ?? []) as Json[]);
      if (paths.includes("audit_configs")) next.auditConfigs = structuredClone((policy.auditConfigs ?? []) as Json[]);
      for (const key of ["bindings", "auditConfigs"]) if (((next[key] ?? []) as Json[]).length === 0) delete next[key];
      // The policy is written in the lowest version that can hold it (options.proto).
      next.version = conditional(next) ? 3 : 1;
      next.etag = randomBytes(8).toString("base64");
      emu.store.policies.set(name, next);
      emu.changed();
      return structuredClone(next);
    },
    TestIamPermissions: (req) => {
      const permissions = (req.permissions ?? []) as string[];
      permissions.forEach((permission, i) => {
        if (permission.includes("*"))
          throw invalid(`permissions[${i}]`, `Permissions with wildcards (such as '*' or 'storage.*') are not allowed, got ${permission}`);
      });
      parseName("resource", req.resource, [collection]);
      // iam_policy.proto: "If the resource does not exist, this will return an empty set of
      // permissions, not a NOT_FOUND error." The emulator's caller holds every permission.
      return { permissions: exists(String(req.resource)) ? permissions : [] };
    },
  };
}
