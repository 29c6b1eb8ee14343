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

/** Which Slack rate limit a delivery draws on. */
export type SlackCallKind = "post" | "update" | "post_or_update";

/** Slack's Tier 3 (`chat.update`): 50+ calls a minute per workspace and app, with short bursts allowed. */
export const CHAT_UPDATE_LIMIT = { perMinute: 50, burst: 50 } as const;

/**
 * Paces outbox deliveries by Slack's own limits instead of one budget for every call: `chat.postMessage` per
 * channel (about one a second), `chat.update` per workspace (Tier 3, a token bucket refilled at `perMinute`
 * holding up to `burst` calls). Updates therefore never hold back a channel's posts, and a storm's updates of
 * many channels cannot exceed the method's workspace limit. A 429 pauses only the limit it came from.
 */
export class SlackPacer {
  private readonly posts: ChannelPacer;
  private readonly refillMs: number;
  private readonly burst: number;
  private tokens: number;
  private refilledAt: number | undefined;
  private updatesPausedUntil = 0;

  constructor(
    postsPerSecondPerChannel: number,
    updates: { perMinute: number; burst: number } = CHAT_UPDATE_LIMIT,
  ) {
    this.posts = new ChannelPacer(postsPerSecondPerChannel);
    this.refillMs = 60_000 / updates.perMinute;
    this.burst = Math.max(1, updates.burst);
    this.tokens = this.burst;
  }

  private refill(now: number): void {
    if (this.refilledAt === undefined || now < this.refilledAt) {
      this.refilledAt = now;
      return;
    }
    const gained = Math.floor((now - this.refilledAt) / this.refillMs);
    if (gained <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + gained);
    this.refilledAt = this.tokens === this.burst ? now : this.refilledAt + gained * this.refillMs;
  }

  private updateWaitMs(now: number): number {
    this.refill(now);
    const paused = Math.max(0, this.updatesPausedUntil - now);
    if (this.tokens >= 1) return paused;
    return Math.max(paused, (this.refilledAt ?? now) + this.refillMs - now);
  }

  /** Milliseconds to wait before a call of `kind` to `channel` may be made at `now` (0 = go). */
  waitMs(kind: SlackCallKind, channel: string, now: number): number {
    const post = kind === "update" ? 0 : this.posts.waitMs(channel, now);
    const update = kind === "post" ? 0 : this.updateWaitMs(now);
    return Math.max(post, update);
  }

  /** Records a call of `kind` made at `now`. */
  taken(kind: SlackCallKind, channel: string, now: number): void {
    if (kind !== "update") this.posts.taken(channel, now);
    if (kind !== "post") {
      this.refill(now);
      this.tokens = Math.max(0, this.tokens - 1);
    }
  }

  /** Pauses the limit a 429 for a call of `kind` came from until `now + ms` (its Retry-After). */
  pause(kind: SlackCallKind, channel: string, now: number, ms: number): void {
    if (kind !== "update") this.posts.pause(channel, now, ms);
    if (kind !== "post") this.updatesPausedUntil = Math.max(this.updatesPausedUntil, now + ms);
  }
}
