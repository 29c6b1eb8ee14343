import type { Clock } from "../../shared/clock.js";

const WINDOW_MS = 1000;

/**
 * Slack's special `chat.postMessage` tier: at most N posts per channel in any one-second window. A post over
 * the limit is refused with the whole seconds to wait, as Slack's `Retry-After` header says (never below 1).
 */
export class ChannelRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly postsPerChannelPerSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Counts a post to `channel`; returns `undefined` when allowed, else the seconds to wait. */
  admit(channel: string): number | undefined {
    const now = this.clock().getTime();
    const recent = (this.accepted.get(channel) ?? []).filter((at) => at > now - WINDOW_MS);
    this.accepted.set(channel, recent);
    const oldest = recent[0];
    if (recent.length >= this.postsPerChannelPerSecond && oldest !== undefined) {
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    return undefined;
  }
}
