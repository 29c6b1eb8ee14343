import { describe, expect, it, vi } from "vitest";
import {
  createSnsCertCache,
  type FetchCert,
  type SnsCertCacheOptions,
} from "../../../../src/ingest/sns/sns-cert-cache.js";
import { TEST_SIGNING_CERT_PEM } from "../../../fakes/sns-signer.js";

const url = (n: number) =>
  `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${String(n).padStart(32, "0")}.pem`;

function setup(options: SnsCertCacheOptions = {}) {
  let now = Date.parse("2027-01-01T00:00:00Z");
  const fetchCert = vi.fn<FetchCert>(async () => TEST_SIGNING_CERT_PEM);
  const cache = createSnsCertCache({ fetchCert, clock: () => new Date(now) }, options);
  const fetchedUrls = () => fetchCert.mock.calls.map(([u]) => u);
  return { cache, fetchCert, fetchedUrls, advance: (ms: number) => (now += ms) };
}

describe("createSnsCertCache", () => {
  it("downloads a certificate once and serves it from memory afterwards", async () => {
    const { cache, fetchCert } = setup();
    const first = await cache.get(url(1));
    const second = await cache.get(url(1));
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it("shares one download among concurrent requests for the same URL", async () => {
    const { cache, fetchCert } = setup();
    let release: (pem: string) => void = () => undefined;
    fetchCert.mockImplementationOnce(() => new Promise<string>((resolve) => (release = resolve)));
    const pending = Array.from({ length: 20 }, () => cache.get(url(1)));
    release(TEST_SIGNING_CERT_PEM);
    const results = await Promise.all(pending);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fetchCert).toHaveBeenCalledTimes(1);
  });

  it("holds at most maxEntries certificates, evicting the least recently used", async () => {
    const { cache, fetchedUrls } = setup({ maxEntries: 3 });
    for (const n of [1, 2, 3]) await cache.get(url(n));
    await cache.get(url(1));
    await cache.get(url(4));
    expect(cache.size()).toBe(3);
    await cache.get(url(1));
    await cache.get(url(3));
    await cache.get(url(2));
    expect(fetchedUrls()).toEqual([url(1), url(2), url(3), url(4), url(2)]);
  });

  it("keeps 50 certificates by default", async () => {
    const { cache, advance } = setup();
    for (let n = 0; n < 60; n += 1) {
      await cache.get(url(n));
      advance(6_000);
    }
    expect(cache.size()).toBe(50);
  });

  it("downloads again once the time to live has passed", async () => {
    const { cache, fetchCert, advance } = setup({ ttlMs: 60_000 });
    await cache.get(url(1));
    advance(59_000);
    await cache.get(url(1));
    advance(2_000);
    await cache.get(url(1));
    expect(fetchCert).toHaveBeenCalledTimes(2);
  });

  it("never caches a failed download or a non-certificate body as good, and downloads again after 60 s", async () => {
    const { cache, fetchCert, advance } = setup();
    fetchCert.mockRejectedValueOnce(new Error("timeout")).mockResolvedValueOnce("<html>Bad gateway</html>");
    const failed = await cache.get(url(1));
    advance(60_001);
    const garbage = await cache.get(url(1));
    advance(60_001);
    const good = await cache.get(url(1));
    expect(failed.ok ? undefined : failed.error).toMatchObject({
      code: "sns_cert_fetch_failed",
      retryable: true,
    });
    expect(garbage.ok ? undefined : garbage.error).toMatchObject({
      code: "sns_cert_invalid",
      retryable: true,
    });
    expect(good.ok).toBe(true);
    expect(fetchCert).toHaveBeenCalledTimes(3);
  });

  it("answers a failed URL from memory for 60 s instead of downloading it again", async () => {
    const { cache, fetchCert, advance } = setup();
    fetchCert.mockRejectedValue(new Error("HTTP 404"));

    const results = [];
    for (let i = 0; i < 20; i++) {
      results.push(await cache.get(url(7)));
      advance(4_000);
    }

    expect(results.every((r) => !r.ok && r.error.code === "sns_cert_fetch_failed" && r.error.retryable)).toBe(
      true,
    );
    expect(fetchCert).toHaveBeenCalledTimes(2);
  });

  it("downloads at most 10 certificates per host per minute, then refuses (retryable) until the bucket refills", async () => {
    const { cache, fetchedUrls, advance } = setup();
    const other =
      "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-00000000000000000000000000000001.pem";

    const burst = [];
    for (let n = 0; n < 50; n++) burst.push(await cache.get(url(n)));
    const otherHost = await cache.get(other);
    advance(6_000);
    const afterSixSeconds = await cache.get(url(99));

    expect(burst.filter((r) => r.ok)).toHaveLength(10);
    const refused = burst[10];
    expect(refused?.ok ? undefined : refused?.error).toMatchObject({
      code: "sns_cert_fetch_failed",
      retryable: true,
    });
    expect(refused?.ok ? "" : refused?.error.message).toContain("sns.us-east-1.amazonaws.com");
    expect(otherHost.ok).toBe(true);
    expect(afterSixSeconds.ok).toBe(true);
    expect(fetchedUrls()).toHaveLength(12);
  });
});
