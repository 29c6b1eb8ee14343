import { type MaskOptions, maskMessage } from "./mask-message.js";
import { messageHeadline } from "./message-headline.js";

/** One error event, or one row of `stats count(*) as n by <message>` when `count` is given. */
export interface ErrorEvent {
  readonly message: string;
  readonly stream?: string;
  readonly time?: Date;
  /** How many identical events this entry stands for. Default 1. */
  readonly count?: number;
}

/** Messages that mask to the same text, counted together. */
export interface MessagePattern {
  readonly pattern: string;
  readonly count: number;
  /** `count` over the total (the `total` option, else the sum of all counts), between 0 and 1. */
  readonly share: number;
  /** The most frequent original message of the group, unredacted: renderers must redact it. */
  readonly sample: string;
  readonly firstSeen?: Date;
  readonly lastSeen?: Date;
  /** Distinct log streams the group was seen in, in first-seen order. */
  readonly streams: readonly string[];
}

/** Options of {@link groupPatterns}. */
export interface GroupOptions {
  /** Keep only the `max` largest groups. Default: all. */
  readonly max?: number;
  /** Denominator of `share`, e.g. the total error count when the messages are only the top rows. */
  readonly total?: number;
  readonly mask?: MaskOptions;
}

/** The groups, largest first, plus what was left out. */
export interface PatternGroups {
  readonly patterns: readonly MessagePattern[];
  /** Sum of the counts of every input message. */
  readonly total: number;
  /** How many groups there were before `max` was applied. */
  readonly distinct: number;
}

interface Accumulator {
  count: number;
  firstSeen: Date | undefined;
  lastSeen: Date | undefined;
  readonly samples: Map<string, number>;
  readonly streams: Set<string>;
}

/**
 * Groups error messages into patterns: each message is reduced to its headline (see `messageHeadline`) and
 * masked (see `maskMessage`); messages with the same mask are one pattern. Returns the patterns ordered by
 * count (ties by pattern text, so output is stable), each with its share, a sample, first/last seen times and
 * streams when the events carry them. Empty or whitespace-only messages are grouped under `(empty message)`.
 */
export function groupPatterns(events: readonly ErrorEvent[], options: GroupOptions = {}): PatternGroups {
  const groups = new Map<string, Accumulator>();
  let total = 0;
  for (const event of events) {
    const weight = event.count ?? 1;
    if (!(weight > 0)) {
      continue;
    }
    total += weight;
    const masked = maskMessage(messageHeadline(event.message), options.mask);
    const key = masked === "" ? "(empty message)" : masked;
    const group = groups.get(key) ?? newAccumulator();
    groups.set(key, group);
    group.count += weight;
    group.samples.set(event.message, (group.samples.get(event.message) ?? 0) + weight);
    if (event.stream !== undefined && event.stream !== "") {
      group.streams.add(event.stream);
    }
    if (event.time !== undefined && !Number.isNaN(event.time.getTime())) {
      if (group.firstSeen === undefined || event.time < group.firstSeen) group.firstSeen = event.time;
      if (group.lastSeen === undefined || event.time > group.lastSeen) group.lastSeen = event.time;
    }
  }
  const denominator =
    options.total !== undefined && options.total > 0 ? Math.max(options.total, total) : total;
  const all = [...groups.entries()]
    .sort(([a, ga], [b, gb]) => gb.count - ga.count || (a < b ? -1 : a > b ? 1 : 0))
    .map(([pattern, group]) => toPattern(pattern, group, denominator));
  const patterns = options.max === undefined ? all : all.slice(0, Math.max(0, options.max));
  return { patterns, total, distinct: all.length };
}

function newAccumulator(): Accumulator {
  return { count: 0, firstSeen: undefined, lastSeen: undefined, samples: new Map(), streams: new Set() };
}

function toPattern(pattern: string, group: Accumulator, denominator: number): MessagePattern {
  let sample = "";
  let best = -1;
  // Map iteration is insertion order, so ties keep the first message seen.
  for (const [message, count] of group.samples) {
    if (count > best) {
      sample = message;
      best = count;
    }
  }
  return {
    pattern,
    count: group.count,
    share: denominator > 0 ? group.count / denominator : 0,
    sample,
    ...(group.firstSeen === undefined ? {} : { firstSeen: group.firstSeen }),
    ...(group.lastSeen === undefined ? {} : { lastSeen: group.lastSeen }),
    streams: [...group.streams],
  };
}
