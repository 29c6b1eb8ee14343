import type { ChecklistState } from "../runbooks/checklist-state.js";
import { keyItem, keys, n, readJson, readN, s } from "./dynamodb-attributes.js";
import { type DynamoContext, jitter } from "./dynamodb-writes.js";
import { StoreConflictError } from "./errors.js";

/** Stores a new checklist; an existing one is left alone so a retried post cannot reset its ticks. */
export async function saveChecklistDynamo(ctx: DynamoContext, checklist: ChecklistState): Promise<void> {
  await ctx.ops.put(
    {
      ...keyItem(keys.checklist(checklist.id)),
      body: s(JSON.stringify(checklist)),
      updatedAt: s(ctx.clock().toISOString()),
      version: n(1),
    },
    { ConditionExpression: "attribute_not_exists(pk)" },
  );
}

/** Reads a checklist. */
export async function getChecklistDynamo(
  ctx: DynamoContext,
  id: string,
): Promise<ChecklistState | undefined> {
  return readJson<ChecklistState>(await ctx.ops.get(keys.checklist(id)));
}

/**
 * Applies `change` with a compare-and-set on the checklist's version, re-reading and re-applying on conflict, so
 * concurrent clicks on different steps all land.
 */
export async function updateChecklistDynamo(
  ctx: DynamoContext,
  id: string,
  change: (c: ChecklistState) => ChecklistState | undefined,
): Promise<ChecklistState | undefined> {
  // Clicks race more than alarms do (a whole channel ticking steps), so allow more rounds.
  const rounds = ctx.maxAttempts * 4;
  for (let attempt = 0; attempt < rounds; attempt++) {
    const item = await ctx.ops.get(keys.checklist(id));
    const current = readJson<ChecklistState>(item);
    if (!current) return undefined;
    const next = change(current);
    if (!next) return current;
    const version = readN(item, "version") ?? 0;
    const written = await ctx.ops.update(keys.checklist(id), {
      UpdateExpression: "SET body = :body, updatedAt = :now, #version = :next",
      ConditionExpression: "#version = :expected",
      ExpressionAttributeNames: { "#version": "version" },
      ExpressionAttributeValues: {
        ":body": s(JSON.stringify(next)),
        ":now": s(ctx.clock().toISOString()),
        ":next": n(version + 1),
        ":expected": n(version),
      },
    });
    if (written !== false) return next;
    await jitter(attempt);
  }
  throw new StoreConflictError(
    `Checklist ${id} kept changing under concurrent clicks; click the step again.`,
  );
}
