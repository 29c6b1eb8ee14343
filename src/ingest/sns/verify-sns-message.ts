import { type KeyObject, verify as verifySignature, type X509Certificate } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { err, ok, type Result } from "../../shared/result.js";
import { SnsVerificationError } from "./errors.js";
import { createSnsCertCache, type FetchCert } from "./sns-cert-cache.js";
import { checkSnsCertUrl } from "./sns-cert-url.js";
import type { SnsMessage } from "./sns-envelope.js";
import { snsSignatureAlgorithm, snsStringToSign } from "./sns-string-to-sign.js";

/** What the verifier needs from outside: the certificate download and the time. */
export interface SnsVerifierDeps {
  readonly fetchCert: FetchCert;
  readonly clock: Clock;
}

/** Policy: which topics, how old, which signature versions; the test-only switches are marked. */
export interface SnsVerifierOptions {
  readonly topicArns: readonly string[];
  readonly allowAnyTopic: boolean;
  /** Oldest accepted `Timestamp`; SNS HTTP retries stop within 3,600 s, so older messages are replays. */
  readonly maxAgeSeconds: number;
  /** Tests only (`KLAXON_SNS_CERT_URL_PATTERN`): replaces the pinned certificate URL rule and the CN check. */
  readonly certUrlPattern?: RegExp | undefined;
  /** Tests only: accept an expired certificate (the real fixture certificate expired in 2022). */
  readonly skipCertExpiry?: boolean | undefined;
  /** Set to 2 once the topics have `SignatureVersion=2`, so SHA1-signed messages are refused. */
  readonly minSignatureVersion?: 1 | 2 | undefined;
  readonly certCacheSize?: number | undefined;
  /** How long a failed certificate download is remembered (default 60 s). */
  readonly certFailureTtlMs?: number | undefined;
  /** Certificate downloads allowed per host per minute (default 10). */
  readonly certFetchesPerHostPerMinute?: number | undefined;
}

/** Verifies SNS envelopes; keeps a certificate cache across calls. */
export interface SnsVerifier {
  verify(message: SnsMessage): Promise<Result<SnsMessage, SnsVerificationError>>;
}

const FUTURE_SKEW_MS = 5 * 60_000;
const SNS_CERT_CN = /^sns(?:\.[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;

const reject = (code: SnsVerificationError["code"], message: string) =>
  err(new SnsVerificationError(code, message));

/**
 * Creates the SNS message verifier. Checks run cheapest first and nothing is downloaded until the message has
 * passed the signature-version policy, the topic allowlist, the freshness window (not older than
 * `maxAgeSeconds`, not more than 5 minutes ahead) and the pinned certificate URL. Then the certificate must be
 * in date and issued to `sns.amazonaws.com`, and the signature over the canonical string must verify with
 * RSA-SHA1 (version 1) or RSA-SHA256 (version 2). Only a certificate download failure is `retryable`.
 */
export function createSnsVerifier(deps: SnsVerifierDeps, options: SnsVerifierOptions): SnsVerifier {
  const allowed = new Set(options.topicArns);
  const minVersion = options.minSignatureVersion ?? 1;
  const certs = createSnsCertCache(deps, {
    maxEntries: options.certCacheSize,
    failureTtlMs: options.certFailureTtlMs,
    fetchesPerHostPerMinute: options.certFetchesPerHostPerMinute,
  });

  const checkPolicy = (message: SnsMessage): SnsVerificationError | undefined => {
    const algorithm = snsSignatureAlgorithm(message.SignatureVersion);
    if (algorithm === undefined || Number(message.SignatureVersion) < minVersion) {
      const wanted = minVersion === 2 ? '"2"' : '"1" or "2"';
      return new SnsVerificationError(
        "sns_unsupported_signature_version",
        `SNS SignatureVersion ${JSON.stringify(message.SignatureVersion)} refused; expected ${wanted}` +
          (minVersion === 2
            ? " because sns.minSignatureVersion is 2 (SHA-1 signatures are refused): set the topic attribute " +
              "SignatureVersion to 2, or lower sns.minSignatureVersion to 1"
            : ""),
      );
    }
    if (!options.allowAnyTopic && !allowed.has(message.TopicArn)) {
      return new SnsVerificationError(
        "sns_topic_not_allowed",
        `SNS topic ${message.TopicArn} is not in sns.topicArns; add it to the config if klaxon should accept it`,
      );
    }
    const sentAt = Date.parse(message.Timestamp);
    const now = deps.clock().getTime();
    if (Number.isNaN(sentAt) || now - sentAt > options.maxAgeSeconds * 1000) {
      return new SnsVerificationError(
        "sns_stale",
        `SNS message ${message.MessageId} was sent at ${message.Timestamp}, more than ${options.maxAgeSeconds}s ago; ` +
          "refused as a possible replay (check this host's clock if every message is refused)",
      );
    }
    if (sentAt - now > FUTURE_SKEW_MS) {
      return new SnsVerificationError(
        "sns_stale",
        `SNS message ${message.MessageId} is dated ${message.Timestamp}, more than 5 minutes in the future; ` +
          "check this host's clock",
      );
    }
    return undefined;
  };

  const checkCert = (cert: X509Certificate, url: string): SnsVerificationError | undefined => {
    if (options.skipCertExpiry !== true) {
      const now = deps.clock().getTime();
      const from = Date.parse(cert.validFrom);
      const to = Date.parse(cert.validTo);
      if (Number.isNaN(from) || Number.isNaN(to) || now < from || now > to) {
        return new SnsVerificationError(
          "sns_cert_invalid",
          `the SNS signing certificate ${url} is not valid now (valid ${cert.validFrom} to ${cert.validTo})`,
        );
      }
    }
    if (options.certUrlPattern === undefined) {
      const cn = commonName(cert.subject);
      if (cn === undefined || !SNS_CERT_CN.test(cn)) {
        return new SnsVerificationError(
          "sns_cert_invalid",
          `the SNS signing certificate ${url} is issued to ${cn ?? "no common name"}, not sns.amazonaws.com`,
        );
      }
    }
    return undefined;
  };

  return {
    async verify(message) {
      const refused = checkPolicy(message);
      if (refused !== undefined) return err(refused);
      const url = checkSnsCertUrl(message.SigningCertURL, message.TopicArn, options.certUrlPattern);
      if (!url.ok) return url;
      const cert = await certs.get(url.value.href);
      if (!cert.ok) return cert;
      const bad = checkCert(cert.value, url.value.href);
      if (bad !== undefined) return err(bad);
      const algorithm = snsSignatureAlgorithm(message.SignatureVersion) ?? "RSA-SHA256";
      if (!signatureMatches(message, algorithm, cert.value)) {
        return reject(
          "sns_signature_invalid",
          `SNS message ${message.MessageId} has a signature that does not match its content; refused as forged or altered`,
        );
      }
      return ok(message);
    },
  };
}

// `X509Certificate#publicKey` builds a new key object on every read; the cache keeps one per certificate.
const publicKeys = new WeakMap<X509Certificate, KeyObject>();

function publicKeyOf(cert: X509Certificate): KeyObject {
  let key = publicKeys.get(cert);
  if (key === undefined) {
    key = cert.publicKey;
    publicKeys.set(cert, key);
  }
  return key;
}

// One-shot `crypto.verify`: about a fifth cheaper than a `createVerify` stream object per message. Its async form
// (libuv's thread pool) was measured too: on Node 20 submitting the job costs the event loop as much as the
// check itself, so the synchronous call (about 80 µs for RSA-2048) stays.
function signatureMatches(message: SnsMessage, algorithm: string, cert: X509Certificate): boolean {
  const signature = Buffer.from(message.Signature, "base64");
  // Only the canonical encoding: Buffer.from() skips stray characters and ignores padding bits, so without this
  // check many different Signature strings would verify as the same one.
  if (signature.toString("base64") !== message.Signature) return false;
  try {
    return verifySignature(
      algorithm,
      Buffer.from(snsStringToSign(message), "utf8"),
      publicKeyOf(cert),
      signature,
    );
  } catch {
    // A key type the algorithm cannot use (e.g. an EC certificate) is a mismatch, not a crash.
    return false;
  }
}

function commonName(subject: string): string | undefined {
  for (const line of subject.split("\n")) {
    if (line.startsWith("CN=")) return line.slice(3);
  }
  return undefined;
}
