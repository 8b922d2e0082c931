import { describe, expect, it } from "vitest";
import { PARENT, useEmulator } from "../helpers/emulator.js";

const fx = useEmulator();

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${fx.emu.http}${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

describe("HTTP/JSON transcoding", () => {
  it("accepts integer enums and snake_case field names, and answers with integer enums when asked", async () => {
    const created = await call("POST", `/v2/${PARENT}/services?service_id=web`, {
      template: { containers: [{ image: "i" }] },
      traffic: [{ type: 1, percent: 100 }],
    });
    expect(created.status).toBe(200);
    expect(created.json.done).toBe(true);
    expect(created.json.response.traffic[0].type).toBe("TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST");
    const numeric = await call("GET", `/v2/${PARENT}/services/web?$alt=json;enum-encoding=int`);
    expect(numeric.json.traffic[0].type).toBe(1);
    expect(numeric.json.terminalCondition.state).toBe(4);
  });

  it("rejects unknown fields and wrongly typed values with INVALID_ARGUMENT naming the field", async () => {
    const unknown = await call("POST", `/v2/${PARENT}/services?serviceId=web`, {
      template: { containers: [{ image: "i", colour: "red" }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.status).toBe("INVALID_ARGUMENT");
    expect(unknown.json.error.message).toContain('Unknown name "colour"');
    expect(unknown.json.error.details[0].fieldViolations[0].field).toBe("service.template.containers[0].colour");
    const typed = await call("POST", `/v2/${PARENT}/services?serviceId=web`, { template: { containers: "nope" } });
    expect(typed.json.error.status).toBe("INVALID_ARGUMENT");
    expect(typed.json.error.message).toContain("service.template.containers");
    const garbage = await call("POST", `/v2/${PARENT}/services?serviceId=web`, "{not json");
    expect(garbage.json.error.status).toBe("INVALID_ARGUMENT");
  });

  it("answers an unknown API route with a JSON NOT_FOUND, and binds query parameters by type", async () => {
    const route = await call("GET", "/v2/nothing/here");
    expect(route.status).toBe(404);
    expect(route.json.error.status).toBe("NOT_FOUND");
    const badInt = await call("GET", `/v2/${PARENT}/services?pageSize=many`);
    expect(badInt.json.error.status).toBe("INVALID_ARGUMENT");
    const badBool = await call("DELETE", `/v2/${PARENT}/services/web?validateOnly=maybe`);
    expect(badBool.json.error.status).toBe("INVALID_ARGUMENT");
  });

  it("refuses a query parameter that names no request field, as Google's JSON front end does (forceNewRevision on services.patch)", async () => {
    await call("POST", `/v2/${PARENT}/services?serviceId=web`, { template: { containers: [{ image: "i" }] } });
    // force_new_revision is a field of UpdateWorkerPoolRequest only; UpdateServiceRequest has none.
    const patch = await call("PATCH", `/v2/${PARENT}/services/web?forceNewRevision=true`, { template: { containers: [{ image: "j" }] } });
    expect(patch.status).toBe(400);
    expect(patch.json.error.status).toBe("INVALID_ARGUMENT");
    expect(patch.json.error.message).toBe(
      'Invalid JSON payload received. Unknown name "forceNewRevision": Cannot bind query parameter. ' +
        "Field 'forceNewRevision' could not be found in request message.",
    );
    const unchanged = await call("GET", `/v2/${PARENT}/services/web`);
    expect(unchanged.json.template.containers[0].image).toBe("i");
    const known = await call("PATCH", `/v2/${PARENT}/services/web?allowMissing=true&validateOnly=true&updateMask=template`, {
      template: { containers: [{ image: "j" }] },
    });
    expect(known.status).toBe(200);
  });

  it("takes Google's system parameters (key, quotaUser, prettyPrint, fields, $.xgafv) without binding them to the request", async () => {
    const listed = await call("GET", `/v2/${PARENT}/services?key=k&quotaUser=u&prettyPrint=false&fields=services&$.xgafv=2&alt=json`);
    expect(listed.status).toBe(200);
  });
});
