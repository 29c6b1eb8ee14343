import type { Clock } from "../shared/clock.js";

/** Fetches every user group with its members (Slack `usergroups.list` with `include_users`). */
export type ListUserGroups = () => Promise<
  readonly { readonly id: string; readonly users: readonly string[] }[]
>;

/**
 * Caches Slack user-group membership for a few minutes so access checks on slash commands cost no extra API call
 * in the common case. A failed lookup denies nothing it does not have to: it yields no groups (templates without
 * group limits still run) and is retried on the next command.
 */
export function createUserGroupLookup(list: ListUserGroups, clock: Clock, ttlMs = 5 * 60_000) {
  let cache: { at: number; byUser: Map<string, string[]> } | undefined;
  return async (userId: string): Promise<string[]> => {
    const now = clock().getTime();
    if (!cache || now - cache.at > ttlMs) {
      try {
        const groups = await list();
        const byUser = new Map<string, string[]>();
        for (const g of groups) for (const u of g.users) byUser.set(u, [...(byUser.get(u) ?? []), g.id]);
        cache = { at: now, byUser };
      } catch {
        return [];
      }
    }
    return cache.byUser.get(userId) ?? [];
  };
}
