import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { notifyWebhook, type WebhookMessage, webhookBody } from "../../src/github/webhook.js";

interface Received {
  method?: string;
  contentType?: string;
  body: any;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local HTTP receiver; `answer` plays the service. Returns its URL with a secret-looking path. */
async function receiver(
  answer: (received: Received, res: ServerResponse) => void,
  path: string,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const entry = { method: req.method, contentType: req.headers["content-type"], body: JSON.parse(text) };
    received.push(entry);
    answer(entry, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, received };
}

/** Slack's incoming webhook: needs a `text` (or blocks) and answers a plain "ok". */
function slack(received: Received, res: ServerResponse) {
  const ok = typeof received.body.text === "string" && received.body.text.length > 0;
  res.writeHead(ok ? 200 : 400, { "content-type": "text/plain" }).end(ok ? "ok" : "no_text");
}

/** Google Chat's incoming webhook: a Message resource; an unknown field is a 400, like the real one. */
const CHAT_FIELDS = new Set(["text", "cardsV2", "cards", "thread", "fallbackText", "accessoryWidgets", "privateMessageViewer"]);
function googleChat(received: Received, res: ServerResponse) {
  const unknown = Object.keys(received.body).filter((k) => !CHAT_FIELDS.has(k));
  if (unknown.length) {
    res
      .writeHead(400, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { code: 400, message: `Unknown name "${unknown[0]}"` } }));
    return;
  }
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ name: "spaces/AAA/messages/1", text: received.body.text }));
}

const MESSAGE: WebhookMessage = {
  title: "Deploy to prod failed",
  text: "Migration 0042_add_index timed out.",
  severity: "failure",
  fields: { Environment: "prod", Commit: "3f78685 Add checkout (#12)" },
  link: "https://github.com/acme/shop/actions/runs/77",
};

const EXPECTED_TEXT = [
  "❌ *Deploy to prod failed*",
  "Migration 0042_add_index timed out.",
  "*Environment:* prod",
  "*Commit:* 3f78685 Add checkout (#12)",
  "<https://github.com/acme/shop/actions/runs/77|Open the run>",
].join("\n");

describe("notifyWebhook", () => {
  it("posts a body a Slack incoming webhook accepts", async () => {
    const hook = await receiver(slack, "/services/T000/B000/XXXXSECRET");
    expect(await notifyWebhook(hook.url, MESSAGE)).toEqual({ ok: true });
    expect(hook.received).toEqual([{ method: "POST", contentType: "application/json; charset=UTF-8", body: { text: EXPECTED_TEXT } }]);
  });

  it("posts a body a Google Chat incoming webhook accepts", async () => {
    const hook = await receiver(googleChat, "/v1/spaces/AAA/messages?key=KEYSECRET&token=TOKENSECRET");
    expect(await notifyWebhook(hook.url, { ...MESSAGE, severity: "success", title: "Deployed to prod" })).toEqual({ ok: true });
    expect(Object.keys(hook.received[0]!.body)).toEqual(["text"]);
    expect(hook.received[0]!.body.text.split("\n")[0]).toBe("✅ *Deployed to prod*");
  });

  it("keeps commit text from writing links or @channel mentions", () => {
    const { text } = webhookBody({
      title: "<!channel> x",
      text: "see <https://evil|here>",
      severity: "success",
      fields: { "a<b": "c>d" },
      link: "javascript:alert(1)",
    });
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain("‹!channel›");
  });

  it("returns a refusal as a value, without the URL", async () => {
    const hook = await receiver(
      (_, res) => res.writeHead(404, { "content-type": "text/plain" }).end("no_service"),
      "/services/T000/B000/XXXXSECRET",
    );
    const result = await notifyWebhook(hook.url, MESSAGE);
    expect(result).toEqual({ ok: false, error: "webhook answered 404 Not Found: no_service" });
  });

  it("returns an unreachable webhook as a value, without the URL", async () => {
    const url = "http://127.0.0.1:9/services/T000/B000/XXXXSECRET";
    const result = await notifyWebhook(url, MESSAGE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain("webhook not reached");
    expect(JSON.stringify(result)).not.toContain("XXXXSECRET");
  });

  it("gives up after the timeout", async () => {
    const hook = await receiver(() => {}, "/hang/SECRET");
    // The receiver never answers: only the timeout ends the call (else the test's own timeout fails it).
    const result = await notifyWebhook(hook.url, MESSAGE, fetch, 200);
    expect(result).toEqual({ ok: false, error: "webhook not reached: no answer within 200 ms" });
  });

  it("never throws, whatever fetch does, and scrubs the URL from the reason", async () => {
    const url = "https://hooks.example.com/services/SECRET";
    const throwing = (async () => {
      throw new Error(`boom at ${url}`);
    }) as unknown as typeof fetch;
    expect(await notifyWebhook(url, MESSAGE, throwing)).toEqual({ ok: false, error: "webhook not reached: boom at [webhook]" });
    expect(await notifyWebhook("", MESSAGE)).toEqual({ ok: false, error: "no webhook URL was given" });
  });
});
