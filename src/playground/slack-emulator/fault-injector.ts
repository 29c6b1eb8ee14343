import type { Clock } from "../../shared/clock.js";

/** A refusal to inject: the HTTP status and, optionally, the `Retry-After` seconds to send with it. */
export interface StatusFault {
  readonly status: 429 | 500 | 503;
  readonly retryAfter?: number;
}

/**
 * A disturbed answer: the call is carried out (a post is stored) but the answer comes only after `delayMs`
 * (`late`, so the client times out first) or the connection is destroyed instead (`reset`).
 */
export type AnswerFault =
  | { readonly answer: "late"; readonly delayMs: number }
  | { readonly answer: "reset" };

/** A failure to inject. */
export type Fault = StatusFault | AnswerFault;

/**
 * Scripted failures for tests: the next N calls to one method fail (`failNext`), or every call fails during an
 * outage window measured on the injected clock (`failFor`). Method-specific failures take precedence.
 */
export class FaultInjector {
  private readonly pending = new Map<string, { fault: Fault; remaining: number }>();
  private outage: { fault: Fault; until: number } | undefined;

  constructor(private readonly clock: Clock) {}

  failNext(method: string, fault: Fault & { readonly count?: number }): void {
    const { count = 1, ...rest } = fault;
    this.pending.set(method, { fault: rest, remaining: count });
  }

  failFor(ms: number, fault: Fault): void {
    this.outage = { fault, until: this.clock().getTime() + ms };
  }

  /** The fault to apply to this call of `method`, consuming one scripted failure. */
  take(method: string): Fault | undefined {
    const scripted = this.pending.get(method);
    if (scripted !== undefined && scripted.remaining > 0) {
      scripted.remaining -= 1;
      if (scripted.remaining === 0) this.pending.delete(method);
      return scripted.fault;
    }
    if (this.outage !== undefined && this.clock().getTime() < this.outage.until) return this.outage.fault;
    return undefined;
  }
}
