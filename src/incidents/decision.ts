import type { ChecklistState } from "../runbooks/checklist-state.js";
import type { Effect } from "./effects.js";
import type { Episode, Transition } from "./episode.js";
import type { StormDigest } from "./storm-digest.js";

/** The outcome of applying one notification: the episode to save (if it changed) and the Slack effects. */
export interface Decision {
  readonly episode?: Episode;
  readonly effects: readonly Effect[];
  /** Why nothing happened, for the log (stale delivery, OK without an episode…). */
  readonly ignored?: string;
  /** Runbook checklists to store with the episode (posted by the effects). */
  readonly checklists?: readonly ChecklistState[];
  /** The alarm's recent state changes to store (replacing the old list), for flapping detection. */
  readonly flips?: readonly Transition[];
  /** A storm digest the episode joined or changed, to store with it. */
  readonly digest?: StormDigest;
  /** Set when a new episode opened in this channel: the store counts it for storm detection. */
  readonly openedInChannel?: string;
}
