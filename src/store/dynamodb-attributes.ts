import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** A raw DynamoDB item. Bodies are stored as JSON strings, so a handful of scalar helpers is all we need. */
export type Item = Record<string, AttributeValue>;

/** Primary key of one item in the single table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Key names and values of every item kind, in one place so the layout documented on the table stays true. */
export const keys = {
  delivery: (messageId: string): ItemKey => ({ pk: `delivery#${messageId}`, sk: "delivery" }),
  alarmState: (alarmKey: string): ItemKey => ({ pk: `alarm#${alarmKey}`, sk: "state" }),
  episode: (id: string): ItemKey => ({ pk: `episode#${id}`, sk: "episode" }),
  checklist: (id: string): ItemKey => ({ pk: `checklist#${id}`, sk: "checklist" }),
  channel: (channel: string): ItemKey => ({ pk: `channel#${channel}`, sk: "activity" }),
  digest: (id: string): ItemKey => ({ pk: `digest#${id}`, sk: "digest" }),
  escalationPartition: "escalation#due",
  escalation: (episodeId: string): ItemKey => ({ pk: "escalation#due", sk: episodeId }),
  outboxCounter: (): ItemKey => ({ pk: "counter", sk: "outbox" }),
  pendingPartition: "outbox#pending",
  failedPartition: "outbox#failed",
  outboxPending: (id: number): ItemKey => ({ pk: "outbox#pending", sk: padId(id) }),
  outboxFailed: (id: number): ItemKey => ({ pk: "outbox#failed", sk: padId(id) }),
} as const;

/** Outbox ids are zero-padded so the string sort key orders them numerically. */
export function padId(id: number): string {
  return String(id).padStart(15, "0");
}

/** The marshalled form of a key. */
export function keyItem(key: ItemKey): Item {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

/** A string attribute value. */
export function s(value: string): AttributeValue {
  return { S: value };
}

/** A number attribute value. */
export function n(value: number): AttributeValue {
  return { N: String(value) };
}

/** Reads a string attribute, undefined when absent or of another type. */
export function readS(item: Item | undefined, name: string): string | undefined {
  const v = item?.[name];
  return v && "S" in v ? v.S : undefined;
}

/** Reads a number attribute, undefined when absent or of another type. */
export function readN(item: Item | undefined, name: string): number | undefined {
  const v = item?.[name];
  return v && "N" in v && v.N !== undefined ? Number(v.N) : undefined;
}

/** Reads and parses a JSON body attribute written by this store. */
export function readJson<T>(item: Item | undefined, name = "body"): T | undefined {
  const raw = readS(item, name);
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
