import { timingSafeEqual } from "node:crypto";
import { type DeliveryAnswer, ingestMessage, type SnsDeliveryDeps } from "../sns/handle-sns-delivery.js";

/** True when the body looks like an EventBridge event rather than an SNS envelope. */
export function isEventBridgeBody(body: string): boolean {
  try {
    const json: unknown = JSON.parse(body);
    return (
      typeof json === "object" &&
      json !== null &&
      typeof (json as Record<string, unknown>)["detail-type"] === "string"
    );
  } catch {
    return false;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Direct EventBridge delivery (an API destination posting the "CloudWatch Alarm State Change" event to
 * `POST /sns`). Such events carry no signature, so they are accepted only with the configured shared secret in
 * the configured header; the event `id` is the dedupe key, like an SNS MessageId.
 */
export async function handleEventBridgeDelivery(
  deps: SnsDeliveryDeps,
  body: string,
  presented: string | undefined,
  options: { readonly apiKey?: string | undefined; readonly header: string },
): Promise<DeliveryAnswer> {
  if (options.apiKey === undefined) {
    return {
      status: 403,
      outcome: "rejected",
      body: "direct EventBridge delivery is disabled: set eventbridge.apiKey in klaxon.yaml and send it in the API destination's header, or deliver through SNS",
    };
  }
  if (presented === undefined || !sameSecret(presented, options.apiKey)) {
    return { status: 403, outcome: "rejected", body: `missing or wrong ${options.header} header` };
  }
  const id = (JSON.parse(body) as { id?: unknown }).id;
  if (typeof id !== "string" || id === "")
    return { status: 400, outcome: "rejected", body: "EventBridge event without an id" };
  return ingestMessage(deps, `eventbridge:${id}`, body);
}
