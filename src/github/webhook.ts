// Chat notifications through an incoming webhook, Slack's or Google Chat's. The URL is itself the
// credential (anyone holding it can post), so it never appears in a log or an error.

export interface WebhookMessage {
  title: string;
  text: string;
  severity: "failure" | "success";
  fields: Record<string, string>;
  link?: string;
}

export type WebhookResult = { ok: true } | { ok: false; error: string };

export const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * Slack and Google Chat both put `<...>` to use (links, and on Slack @channel mentions), so a commit
 * message or PR title must not be able to write one: the brackets are swapped for look-alikes.
 */
function plain(value: string): string {
  return value.replaceAll("<", "‹").replaceAll(">", "›");
}

/**
 * The readable summary. Both services read `*bold*` and `<url|label>` the same way in `text`.
 * Only `text` is sent: Google Chat rejects a body with a field it does not know, such as Slack's
 * `blocks`.
 */
export function webhookBody(message: WebhookMessage): { text: string } {
  const icon = message.severity === "failure" ? "❌" : "✅";
  const lines = [`${icon} *${plain(message.title)}*`];
  if (message.text) lines.push(plain(message.text));
  for (const [name, value] of Object.entries(message.fields)) lines.push(`*${plain(name)}:* ${plain(value)}`);
  if (message.link && /^https?:\/\/[^\s|<>]+$/.test(message.link)) lines.push(`<${message.link}|Open the run>`);
  return { text: lines.join("\n") };
}

function redact(text: string, url: string): string {
  return text.replaceAll(url, "[webhook]").slice(0, 300);
}

/**
 * Posts `message` to a webhook. Never throws: a notification is sent while something else is being
 * reported, and its own failure must not hide that; the caller gets the failure as a value.
 */
export async function notifyWebhook(
  url: string,
  message: WebhookMessage,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<WebhookResult> {
  if (!url) return { ok: false, error: "no webhook URL was given" };
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify(webhookBody(message)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return { ok: true };
    const detail = await response.text().catch(() => "");
    return { ok: false, error: redact(`webhook answered ${response.status} ${response.statusText}: ${detail}`.trim(), url) };
  } catch (error) {
    const e = error as Error;
    const reason = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${e.message}${causeOf(e)}`;
    return { ok: false, error: redact(`webhook not reached: ${reason}`, url) };
  }
}

/** fetch's "fetch failed" says nothing; the cause (ECONNREFUSED, ENOTFOUND) does. */
function causeOf(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? ` (${cause.code ?? cause.message})` : "";
}
