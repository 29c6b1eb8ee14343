import { err, ok, type Result } from "../../shared/result.js";
import { SnsVerificationError } from "./errors.js";
import { parseSnsTopicArn, snsEndpointHost } from "./sns-topic-arn.js";

const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]{32}\.pem$/;
// The whole string, character by character: nothing a URL parser could normalise away (case, %-escapes, `\`,
// trailing dots, default ports) survives this, so the string we check is the string we fetch.
const CANONICAL =
  /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/SimpleNotificationService-[0-9a-f]{32}\.pem$/;

/**
 * Decides, before anything is fetched, whether `SigningCertURL` may be trusted for a message from `topicArn`.
 * Pinned rule: `https://sns.<TopicArn region>.amazonaws.com[.cn]/SimpleNotificationService-<32 hex>.pem`,
 * written canonically, with no user info, port, query or fragment. This defeats lookalike hosts, `@` and
 * backslash tricks, S3-hosted PEMs and a cert from another region. `override` (tests only, from
 * `KLAXON_SNS_CERT_URL_PATTERN`) replaces the pin and must match the whole URL.
 */
export function checkSnsCertUrl(
  raw: string,
  topicArn: string,
  override?: RegExp,
): Result<URL, SnsVerificationError> {
  const problem = override === undefined ? pinnedProblem(raw, topicArn) : overrideProblem(raw, override);
  if (problem === undefined) return ok(new URL(raw));
  return err(
    new SnsVerificationError(
      "sns_cert_url_rejected",
      `SNS SigningCertURL ${JSON.stringify(raw.slice(0, 200))} refused: ${problem}. ` +
        "Real SNS messages always use the pinned form; this message is probably forged.",
    ),
  );
}

function pinnedProblem(raw: string, topicArn: string): string | undefined {
  const topic = parseSnsTopicArn(topicArn);
  if (topic === undefined) return "the TopicArn is not an SNS topic ARN, so no signing host can be derived";
  const host = snsEndpointHost(topic);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "it is not a valid URL";
  }
  if (url.protocol !== "https:") return "the scheme must be https";
  if (url.username !== "" || url.password !== "") return "it must not contain user info";
  if (url.port !== "") return "it must not name a port";
  if (url.hostname !== host) return `the host must be exactly ${host} (the TopicArn's region)`;
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(raw)) return "it must not have a query or fragment";
  if (!CERT_PATH.test(url.pathname)) return "the path must be /SimpleNotificationService-<32 hex digits>.pem";
  if (!CANONICAL.test(raw) || url.href !== raw) {
    return "it must be written canonically (lowercase, no escapes, backslashes or extra characters)";
  }
  return undefined;
}

function overrideProblem(raw: string, override: RegExp): string | undefined {
  try {
    new URL(raw);
  } catch {
    return "it is not a valid URL";
  }
  // A fresh, non-global copy so a `g`/`y` flag's lastIndex cannot make the check pass or fail by history.
  const pattern = new RegExp(override.source, override.flags.replace(/[gy]/g, ""));
  const m = pattern.exec(raw);
  if (m === null || m.index !== 0 || m[0].length !== raw.length) {
    return `it does not match the KLAXON_SNS_CERT_URL_PATTERN override ${String(override)} as a whole`;
  }
  return undefined;
}
