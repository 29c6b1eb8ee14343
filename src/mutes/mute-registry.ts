import type { Clock } from "../shared/clock.js";
import type { Store } from "../store/store.js";
import { isActive, type MuteWindow } from "./mute-window.js";
import { type ConfiguredMute, configuredOccurrences } from "./weekly-window.js";

/** Saved and configured mute windows, read through a short cache so each alarm costs no extra store read. */
export interface MuteRegistry {
  /** The windows active at `at` (saved and configured). */
  active(at: Date): Promise<MuteWindow[]>;
  /** Saves a new window (effective at once on this replica, within `ttlMs` on others). */
  add(w: MuteWindow): Promise<void>;
  /** Ends a saved window now; undefined when no active saved window has that id. */
  end(id: string, by: string): Promise<MuteWindow | undefined>;
  /** Forgets the cache (after a window ended). */
  refresh(): void;
}

/** Builds the registry over the store; other replicas see a new mute within `ttlMs` (5 s by default). */
export function createMuteRegistry(
  store: Store,
  configured: readonly ConfiguredMute[],
  clock: Clock,
  ttlMs = 5_000,
): MuteRegistry {
  let cache: { at: number; saved: MuteWindow[] } | undefined;
  const saved = async (): Promise<MuteWindow[]> => {
    const now = clock();
    if (!cache || now.getTime() - cache.at > ttlMs || now.getTime() < cache.at) {
      cache = { at: now.getTime(), saved: await store.listMutes(now) };
    }
    return cache.saved;
  };
  return {
    async active(at) {
      const all = [...(await saved()), ...configuredOccurrences(configured, at)];
      return all.filter((w) => isActive(w, at));
    },
    async add(w) {
      await store.saveMute(w);
      cache = undefined;
    },
    async end(id, by) {
      const now = clock();
      const current = (await store.listMutes(now)).find((w) => w.id === id && isActive(w, now));
      if (!current) return undefined;
      const ended: MuteWindow = { ...current, endsAt: now.toISOString(), endedBy: by };
      await store.saveMute(ended);
      cache = undefined;
      return ended;
    },
    refresh() {
      cache = undefined;
    },
  };
}
