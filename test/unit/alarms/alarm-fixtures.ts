import { readFileSync } from "node:fs";

/** A fixture from `test/fixtures/alarms/` with any SNS wrapping removed. */
export interface UnwrappedFixture {
  /** The alarm JSON itself: the parsed SNS `Message`, or the EventBridge event. */
  readonly inner: unknown;
  /** `TopicArn` of the SNS envelope, when the fixture had one. */
  readonly topicArn?: string;
  /** The file as stored. */
  readonly raw: Record<string, unknown>;
}

/** Reads a fixture file as text. */
export function alarmFixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/alarms/${name}`, import.meta.url), "utf8");
}

/**
 * Loads an alarm fixture and unwraps it to the inner alarm JSON: an SNS HTTP envelope (`Message` is a JSON
 * string) or a Lambda SNS event (`Records[0].Sns`). EventBridge events are returned as they are.
 */
export function loadAlarmFixture(name: string): UnwrappedFixture {
  const raw = JSON.parse(alarmFixtureText(name)) as Record<string, unknown>;
  const envelope = snsEnvelopeOf(raw);
  if (envelope === undefined) return { inner: raw, raw };
  const message = envelope.Message;
  if (typeof message !== "string") throw new Error(`${name}: the SNS envelope has no string Message`);
  const topicArn = envelope.TopicArn;
  return {
    inner: parseOrKeep(message),
    raw,
    ...(typeof topicArn === "string" ? { topicArn } : {}),
  };
}

/** SNS may carry plain text (raw test messages); keep it as text so the parser's refusal can be tested. */
function parseOrKeep(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return message;
  }
}

function snsEnvelopeOf(raw: Record<string, unknown>): Record<string, unknown> | undefined {
  if (raw.Type === "Notification") return raw;
  const records = raw.Records;
  if (!Array.isArray(records)) return undefined;
  const first: unknown = records[0];
  if (typeof first !== "object" || first === null || !("Sns" in first)) return undefined;
  const sns: unknown = first.Sns;
  return typeof sns === "object" && sns !== null ? (sns as Record<string, unknown>) : undefined;
}
