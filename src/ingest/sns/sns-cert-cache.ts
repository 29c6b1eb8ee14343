import { X509Certificate } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { err, ok, type Result } from "../../shared/result.js";
import { SnsVerificationError } from "./errors.js";

/** Downloads a signing certificate's PEM text; rejects (throws) on any transport or HTTP failure. */
export type FetchCert = (url: string) => Promise<string>;

/** Signing certificates by URL: bounded, least-recently-used, one download per URL at a time. */
export interface SnsCertCache {
  get(url: string): Promise<Result<X509Certificate, SnsVerificationError>>;
  /** How many certificates are held (for tests and metrics). */
  size(): number;
}

/**
 * Cache bounds; defaults keep at most 50 certificates, each for an hour, remember a failed download for 60 s, and
 * allow 10 downloads per certificate host per minute.
 */
export interface SnsCertCacheOptions {
  readonly maxEntries?: number | undefined;
  readonly ttlMs?: number | undefined;
  /** How long a failed download is answered from memory instead of fetched again (0 turns this off). */
  readonly failureTtlMs?: number | undefined;
  /** Downloads allowed per host per minute (a token bucket refilled evenly), whatever the URLs. */
  readonly fetchesPerHostPerMinute?: number | undefined;
}

interface Entry {
  readonly cert: X509Certificate;
  readonly fetchedAt: number;
}

interface Failure {
  readonly error: SnsVerificationError;
  readonly at: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

// Failures and buckets are keyed by attacker-chosen URLs and hosts: bound both maps.
const MAX_REMEMBERED = 1000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Creates the certificate cache the verifier uses. Only bodies that parse as an X.509 certificate are cached,
 * so a transient error page cannot poison the cache; failures are `retryable` so the HTTP answer is 5xx and
 * SNS delivers again. Concurrent requests for one URL share one download. Because anyone can post a message
 * naming an allowed topic and a pinned-looking certificate URL, each forged message would otherwise cost one
 * download: a failed URL is answered from memory for `failureTtlMs`, and downloads per host are rate limited
 * (a refusal is retryable too, so real messages are delivered again once the flood stops). Call only with URLs
 * that already passed {@link checkSnsCertUrl}.
 */
export function createSnsCertCache(
  deps: { readonly fetchCert: FetchCert; readonly clock: Clock },
  options: SnsCertCacheOptions = {},
): SnsCertCache {
  const maxEntries = options.maxEntries ?? 50;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const failureTtlMs = options.failureTtlMs ?? 60_000;
  const perMinute = Math.max(1, options.fetchesPerHostPerMinute ?? 10);
  const entries = new Map<string, Entry>();
  const failures = new Map<string, Failure>();
  const buckets = new Map<string, Bucket>();

  const takeToken = (host: string): boolean => {
    const now = deps.clock().getTime();
    const bucket = buckets.get(host) ?? { tokens: perMinute, at: now };
    const refilled = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
    const allowed = refilled >= 1;
    remember(buckets, host, { tokens: allowed ? refilled - 1 : refilled, at: now });
    return allowed;
  };

  const fail = (url: string, error: SnsVerificationError) => {
    if (failureTtlMs > 0) remember(failures, url, { error, at: deps.clock().getTime() });
    return err(error);
  };
  const inFlight = new Map<string, Promise<Result<X509Certificate, SnsVerificationError>>>();

  const load = async (url: string): Promise<Result<X509Certificate, SnsVerificationError>> => {
    const host = hostOf(url);
    if (!takeToken(host)) {
      return err(
        new SnsVerificationError(
          "sns_cert_fetch_failed",
          `more than ${perMinute} SNS signing-certificate downloads from ${host} in a minute; not downloading ` +
            `${url} now (SNS will retry). Many distinct certificate URLs usually mean forged messages naming an ` +
            "allowed topic.",
          { retryable: true },
        ),
      );
    }
    let pem: string;
    try {
      pem = await deps.fetchCert(url);
    } catch (cause) {
      return fail(
        url,
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
      return fail(
        url,
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
      const failed = failures.get(url);
      if (failed !== undefined) {
        if (deps.clock().getTime() - failed.at < failureTtlMs) return Promise.resolve(err(failed.error));
        failures.delete(url);
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
