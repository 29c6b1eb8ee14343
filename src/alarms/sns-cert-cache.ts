import { X509Certificate } from "node:crypto";
import type { Clock } from "../shared/clock.js";
import { err, ok, type Result } from "../shared/result.js";
import { SnsVerificationError } from "./errors.js";

// Wiring imports the production download from here, next to the cache that uses it.
export { createHttpsFetchCert, httpsFetchCert } from "./sns-https-fetch-cert.js";

/** Downloads a signing certificate's PEM text; rejects (throws) on any transport or HTTP failure. */
export type FetchCert = (url: string) => Promise<string>;

/** Signing certificates by URL: bounded, least-recently-used, one download per URL at a time. */
export interface SnsCertCache {
  get(url: string): Promise<Result<X509Certificate, SnsVerificationError>>;
  /** How many certificates are held (for tests and metrics). */
  size(): number;
}

/** Cache bounds; defaults keep at most 50 certificates, each for an hour. */
export interface SnsCertCacheOptions {
  readonly maxEntries?: number | undefined;
  readonly ttlMs?: number | undefined;
}

interface Entry {
  readonly cert: X509Certificate;
  readonly fetchedAt: number;
}

/**
 * Creates the certificate cache the verifier uses. Only bodies that parse as an X.509 certificate are cached,
 * so a transient error page cannot poison the cache; failures are `retryable` so the HTTP answer is 5xx and
 * SNS delivers again. Concurrent requests for one URL share one download. Call only with URLs that already
 * passed {@link checkSnsCertUrl}.
 */
export function createSnsCertCache(
  deps: { readonly fetchCert: FetchCert; readonly clock: Clock },
  options: SnsCertCacheOptions = {},
): SnsCertCache {
  const maxEntries = options.maxEntries ?? 50;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Result<X509Certificate, SnsVerificationError>>>();

  const load = async (url: string): Promise<Result<X509Certificate, SnsVerificationError>> => {
    let pem: string;
    try {
      pem = await deps.fetchCert(url);
    } catch (cause) {
      return err(
        new SnsVerificationError(
          "sns_cert_fetch_failed",
          `could not download the SNS signing certificate ${url}; SNS will retry. Check outbound HTTPS to AWS.`,
          { cause, retryable: true },
        ),
      );
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (cause) {
      return err(
        new SnsVerificationError(
          "sns_cert_invalid",
          `the SNS signing certificate downloaded from ${url} is not a PEM X.509 certificate; SNS will retry`,
          { cause, retryable: true },
        ),
      );
    }
    entries.set(url, { cert, fetchedAt: deps.clock().getTime() });
    // Map iteration is insertion order, so the first key is the least recently used.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
    return ok(cert);
  };

  return {
    get(url) {
      const hit = entries.get(url);
      if (hit !== undefined) {
        entries.delete(url);
        if (deps.clock().getTime() - hit.fetchedAt < ttlMs) {
          entries.set(url, hit);
          return Promise.resolve(ok(hit.cert));
        }
      }
      const pending = inFlight.get(url);
      if (pending !== undefined) return pending;
      const started = load(url).finally(() => inFlight.delete(url));
      inFlight.set(url, started);
      return started;
    },
    size: () => entries.size,
  };
}
