/**
 * Keeps calls to each Slack channel at most `perSecond` a second (Slack allows about one post a second per
 * channel) and honours a channel-wide pause after a 429. Pure bookkeeping over injected times.
 */
export class ChannelPacer {
  private readonly nextAllowed = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(perSecond: number) {
    this.intervalMs = Math.ceil(1000 / perSecond);
  }

  /** Milliseconds to wait before the channel may be called at `now` (0 = go). */
  waitMs(channel: string, now: number): number {
    return Math.max(0, (this.nextAllowed.get(channel) ?? 0) - now);
  }

  /** Records a call made at `now`. */
  taken(channel: string, now: number): void {
    this.nextAllowed.set(channel, Math.max(this.nextAllowed.get(channel) ?? 0, now + this.intervalMs));
  }

  /** Pauses the channel until `now + ms` (a 429's Retry-After). */
  pause(channel: string, now: number, ms: number): void {
    this.nextAllowed.set(channel, Math.max(this.nextAllowed.get(channel) ?? 0, now + ms));
  }
}
