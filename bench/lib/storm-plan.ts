import { buildSignedNotification } from "../../test/fakes/sns-signer.js";
import { latencyAlarm, TOPIC_ARN } from "../../test/support/harness.js";
import { benchAlarmName } from "./stack.js";

type State = "ALARM" | "OK" | "INSUFFICIENT_DATA";

/** What the storm sends and what Slack must show at the end. */
export interface StormPlan {
  /** Signed bodies in send order (alarms interleaved; each alarm's own notifications in time order). */
  readonly bodies: readonly string[];
  /** Per alarm name: the headline label its newest episode's message must end with. */
  readonly finalLabel: ReadonlyMap<string, string>;
  readonly redeliveries: number;
  /** State changes Slack must show: each alarm's opening ALARM plus every later change of state. */
  readonly transitions: number;
}

/** A small seeded PRNG (mulberry32) so a storm is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chance that a notification flips the alarm to OK / INSUFFICIENT_DATA; the rest repeat or return to ALARM. */
const FLAP_OK = 0.03;
const FLAP_NO_DATA = 0.015;

const LABEL: Record<State, string> = {
  ALARM: "ALARM",
  OK: "RESOLVED",
  INSUFFICIENT_DATA: "INSUFFICIENT DATA",
};

/**
 * Plans a storm of `total` notifications over `alarms` alarms: each alarm opens with ALARM, then mostly repeats
 * ALARM, now and then flaps to OK or INSUFFICIENT_DATA, and about 10 % of deliveries are SNS redeliveries of an
 * earlier message (same MessageId). The expected final headline of each alarm follows from its newest state.
 */
export function planStorm(total: number, alarms: number, channels: number, seed = 1): StormPlan {
  const random = seeded(seed);
  const perAlarm = Math.max(1, Math.floor(total / alarms));
  const t0 = Date.now() - 60 * 60_000 + 5 * 60_000;
  const lists: string[][] = [];
  const finalLabel = new Map<string, string>();
  let redeliveries = 0;
  let transitions = 0;
  for (let a = 0; a < alarms; a++) {
    const name = benchAlarmName("storm", a, channels);
    const sent: string[] = [];
    let state: State = "ALARM";
    transitions++;
    for (let j = 0; j < perAlarm; j++) {
      const previous = sent[Math.floor(random() * sent.length)];
      if (j > 0 && previous !== undefined && random() < 0.1) {
        sent.push(previous);
        redeliveries++;
        continue;
      }
      if (j > 0) {
        const r = random();
        const next: State = r < FLAP_OK ? "OK" : r < FLAP_OK + FLAP_NO_DATA ? "INSUFFICIENT_DATA" : "ALARM";
        if (next !== state) transitions++;
        state = next;
      }
      const time = new Date(t0 + j * 60_000 + a).toISOString();
      sent.push(
        JSON.stringify(
          buildSignedNotification({ topicArn: TOPIC_ARN, message: latencyAlarm(state, time, name) }),
        ),
      );
    }
    finalLabel.set(name, LABEL[state]);
    lists.push(sent);
  }
  const bodies: string[] = [];
  for (let j = 0; j < perAlarm; j++) {
    for (const list of lists) {
      const body = list[j];
      if (body !== undefined) bodies.push(body);
    }
  }
  return { bodies, finalLabel, redeliveries, transitions };
}
