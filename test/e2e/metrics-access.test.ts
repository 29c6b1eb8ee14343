import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, startHarness } from "../support/harness.js";

const TOKEN = "metrics-token-0123456789abcdef";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const scrape = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/metrics`, { headers }).then(async (r) => ({ status: r.status, text: await r.text() }));

describe("/metrics access", () => {
  it("is open on the main port by default", async () => {
    h = await startHarness();

    const res = await scrape(h.bot.url);

    expect(res.status).toBe(200);
    expect(res.text).toContain("klaxon_outbox_pending");
  });

  it("requires the bearer token when http.metricsToken is set", async () => {
    h = await startHarness({ config: `${BASE_CONFIG}\nhttp:\n  metricsToken: "${TOKEN}"\n` });

    const none = await scrape(h.bot.url);
    const wrong = await scrape(h.bot.url, { authorization: `Bearer ${TOKEN}x` });
    const basic = await scrape(h.bot.url, { authorization: `Basic ${TOKEN}` });
    const right = await scrape(h.bot.url, { authorization: `Bearer ${TOKEN}` });

    expect([none.status, wrong.status, basic.status]).toEqual([401, 401, 401]);
    expect(none.text).not.toContain("klaxon_");
    expect(right.status).toBe(200);
    expect(right.text).toContain("klaxon_outbox_pending");
  });

  it("takes the token from KLAXON_METRICS_TOKEN too", async () => {
    h = await startHarness({ env: { KLAXON_METRICS_TOKEN: TOKEN } });

    const none = await scrape(h.bot.url);
    const right = await scrape(h.bot.url, { authorization: `Bearer ${TOKEN}` });

    expect(none.status).toBe(401);
    expect(right.status).toBe(200);
  });

  it("moves to its own port when http.metricsPort is set, leaving the main port without it", async () => {
    h = await startHarness({ config: `${BASE_CONFIG}\nhttp:\n  metricsPort: 0\n` });

    const main = await scrape(h.bot.url);
    const own = h.bot.metricsUrl === undefined ? undefined : await scrape(h.bot.metricsUrl);
    const health = await fetch(`${h.bot.url}/healthz`);

    expect(main.status).toBe(404);
    expect(own?.status).toBe(200);
    expect(own?.text).toContain("klaxon_outbox_pending");
    expect(health.status).toBe(200);
  });
});
