/** The thresholds of storms, flapping, reopening and escalation (config `incidents:`). */
export interface IncidentPolicy {
  readonly storm: { readonly maxNewEpisodesPerMinute: number };
  readonly flapping: { readonly flips: number; readonly withinMinutes: number };
  readonly reopenWithinMinutes: number;
  readonly escalation: { readonly afterMinutes: number };
}

/** The config defaults, used when a caller gives no policy. */
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  storm: { maxNewEpisodesPerMinute: 10 },
  flapping: { flips: 4, withinMinutes: 30 },
  reopenWithinMinutes: 5,
  escalation: { afterMinutes: 15 },
};
