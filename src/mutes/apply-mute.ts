import type { AlarmHistory } from "../incidents/alarm-history.js";
import type { Decision } from "../incidents/decision.js";
import type { EpisodeMute } from "./mute-window.js";

/**
 * The history a muted alarm is decided on: without the channel's storm count and digest, so a muted episode never
 * joins (or starts) a storm digest that would be posted.
 */
export function quietHistory(history: AlarmHistory): AlarmHistory {
  const { digest: _digest, channelOpensLastMinute: _opens, ...rest } = history;
  return rest;
}

/**
 * Keeps a decision out of Slack while a mute applies, pure: a new episode opened under an active window is stored
 * with the window's key and no effects, and an episode still waiting for its window to end (muted, never posted)
 * stays quiet however its alarm changes. Episodes already posted are not affected: their threads keep updating.
 */
export function applyMute(decision: Decision, mute: EpisodeMute | undefined): Decision {
  const e = decision.episode;
  if (!e) return decision;
  const opensNew = decision.effects.some((x) => x.kind === "post_root");
  const waiting = e.muted !== undefined && e.slackTs === undefined;
  const muted = waiting ? e.muted : opensNew ? mute : undefined;
  if (!muted) return decision;
  const { digestId: _digestId, ...episode } = e;
  // Checklists are still stored (their post waits for the release); only the Slack effects are held back.
  const { digest: _digest, openedInChannel: _opened, ...rest } = decision;
  return { ...rest, episode: { ...episode, muted }, effects: [] };
}
