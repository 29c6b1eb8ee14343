import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type { Episode } from "../incidents/episode.js";
import { episodeFacts } from "../reports/episode-facts.js";
import { keyItem, s } from "./dynamodb-attributes.js";

/** The partition listing the episodes opened under one mute window. */
export const mutedPartition = (key: string): string => `muted#${key}`;
/** The partition of one day's report facts (`facts#2026-01-31`). */
export const factsPartition = (day: string): string => `facts#${day}`;
/** The partition listing the episodes not yet resolved. */
export const OPEN = "open#episodes";

/**
 * The index rows written in an episode's transaction: its report facts under `facts#<day opened>`/`<openedAt>#<id>`,
 * `open#episodes`/`<id>` while it is not resolved, and, when it was opened under a mute, `muted#<key>`/`<id>`.
 */
export function episodeIndexWrites(tableName: string, e: Episode): TransactWriteItem[] {
  const facts: TransactWriteItem = {
    Put: {
      TableName: tableName,
      Item: {
        ...keyItem({ pk: factsPartition(e.openedAt.slice(0, 10)), sk: `${e.openedAt}#${e.id}` }),
        body: s(JSON.stringify(episodeFacts(e))),
      },
    },
  };
  const openKey = keyItem({ pk: OPEN, sk: e.id });
  const open: TransactWriteItem =
    e.status === "resolved"
      ? { Delete: { TableName: tableName, Key: openKey } }
      : { Put: { TableName: tableName, Item: { ...openKey, episodeId: s(e.id) } } };
  if (!e.muted) return [facts, open];
  return [
    facts,
    open,
    {
      Put: {
        TableName: tableName,
        Item: { ...keyItem({ pk: mutedPartition(e.muted.key), sk: e.id }), episodeId: s(e.id) },
      },
    },
  ];
}
