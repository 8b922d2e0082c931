// Which fields a caller may set, and which a revision inherits from its template, read from the
// proto descriptors the official clients ship. A field Google adds to the API is then kept
// without a change here (a hand list silently dropped such fields).
import protobuf from "protobufjs";
import { type Json, messageType } from "../proto.js";

const RUN = "google.cloud.run.v2";

/**
 * protos.json keeps one `(google.api.field_behavior)` per field (the last written). The only
 * fields with two in the Run protos are `OPTIONAL, OUTPUT_ONLY` ones, so the last is the one we need.
 */
const behaviour = (field: protobuf.Field) => field.options?.["(google.api.field_behavior)"] as string | undefined;

/** Fields that are not output only and not the resource's identifier, by proto3 JSON name. */
export function inputFields(typeName: string): string[] {
  return messageType(typeName)
    .fieldsArray.filter((f) => !["OUTPUT_ONLY", "IDENTIFIER"].includes(behaviour(f) ?? ""))
    .map((f) => f.name);
}

/** Service fields a caller sets; `name` comes from the request and `etag` is a precondition. */
export const SERVICE_SETTABLE = inputFields(`${RUN}.Service`).filter((f) => !["name", "etag"].includes(f));

/**
 * Job fields a caller sets. The execution tokens are refused before they could be stored
 * (jobs.ts), and `name` and `etag` play the same parts as on a Service.
 */
export const JOB_SETTABLE = inputFields(`${RUN}.Job`).filter(
  (f) => !["name", "etag", "startExecutionToken", "runExecutionToken"].includes(f),
);

/**
 * RevisionTemplate fields a Revision reports too (output only there, as the revision's copy of
 * its template). `revision` is the revision's name, not part of its config.
 */
export const REVISION_FROM_TEMPLATE = (() => {
  const revision = messageType(`${RUN}.Revision`).fields;
  return messageType(`${RUN}.RevisionTemplate`)
    .fieldsArray.map((f) => f.name)
    .filter((f) => f !== "revision" && f in revision);
})();

/**
 * A caller's message without its output-only fields, at any depth (`containers[].buildInfo`,
 * `buildConfig.name`...): the API ignores what a caller sends in them rather than storing it.
 */
export function withoutOutputOnly(typeName: string, json: Json): Json {
  return strip(messageType(typeName), json);
}

function strip(type: protobuf.Type, json: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (field && behaviour(field) === "OUTPUT_ONLY") continue;
    const nested = field?.resolvedType;
    if (!field || value === null || !(nested instanceof protobuf.Type) || nested.fullName.startsWith(".google.protobuf.")) out[key] = value;
    else if (field.map) out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strip(nested, v as Json)]));
    else if (field.repeated) out[key] = (value as Json[]).map((v) => strip(nested, v));
    else out[key] = strip(nested, value as Json);
  }
  return out;
}
