/**
 * Delay before retry `attempt` (1-based) of a transient failure: exponential from 1 s, capped at 30 s (so alarms go out within seconds of Slack recovering from an outage), with
 * ±20 % jitter so many queued alarms do not retry in lockstep after an outage. `random` is injected for tests.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
