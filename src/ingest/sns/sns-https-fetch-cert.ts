import type { FetchCert } from "./sns-cert-cache.js";

/** Limits for certificate downloads; a real SNS certificate is about 2 KB and served in milliseconds. */
export interface FetchCertOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Defaults to the global `fetch`; injectable for tests. */
  readonly fetch?: typeof fetch;
}

/**
 * Builds a {@link FetchCert} over `fetch` that refuses redirects, non-200 answers, bodies over `maxBytes`
 * (default 10 KiB) and downloads slower than `timeoutMs` (default 5 s), so a slow or hostile endpoint cannot
 * hold the SNS request past SNS's 15 s deadline or fill memory. It only transports: the URL must already have
 * passed the pinned check, and the caller parses the PEM.
 */
export function createHttpsFetchCert(options: FetchCertOptions = {}): FetchCert {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 10 * 1024;
  const doFetch = options.fetch ?? fetch;
  return async (url) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await doFetch(url, { redirect: "error", signal });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`certificate download answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`certificate is ${declared} bytes, over the ${maxBytes}-byte cap`);
    }
    const body = response.body;
    if (body === null) throw new Error("certificate download had no body");
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await body.cancel().catch(() => undefined);
        throw new Error(`certificate is over the ${maxBytes}-byte cap`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  };
}

/** The default certificate download used in production wiring: 5 s timeout, 10 KiB cap, no redirects. */
export const httpsFetchCert: FetchCert = createHttpsFetchCert();
