import type { AlarmState, AlarmTrigger } from "./alarm.js";
import { alarmNameFromArn } from "./parse-arn.js";
import { asArray, asRecord, compact, readState, readString } from "./payload-readers.js";

/** One alarm a composite alarm's rule refers to. */
export interface CompositeChild {
  readonly name: string;
  readonly arn?: string;
  readonly state?: AlarmState;
}

const RULE_REFERENCE = /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"([^"]+)"|'([^']+)'|([^()\s,"']+))\s*\)/g;

/**
 * The alarms named in a composite rule such as `ALARM("cpu") OR OK(arn:aws:cloudwatch:…:alarm:disk)`, in order
 * and without repeats. A reference may be a name or an ARN; ARNs keep their ARN and get the name from it.
 */
export function childrenFromRule(rule: string): CompositeChild[] {
  const children: CompositeChild[] = [];
  for (const match of rule.matchAll(RULE_REFERENCE)) {
    const reference = (match[1] ?? match[2] ?? match[3] ?? "").trim();
    if (reference === "") continue;
    const nameFromArn = alarmNameFromArn(reference);
    const child: CompositeChild =
      nameFromArn === undefined ? { name: reference } : { name: nameFromArn, arn: reference };
    if (!children.some((known) => known.name === child.name)) children.push(child);
  }
  return children;
}

/**
 * Reads triggering children in either spelling: EventBridge `reasonData.triggeringAlarms` (`{arn, state:{value}}`)
 * or SNS `TriggeringChildren` (`{Arn, State:{Value}}`). Entries without an ARN are skipped: the name is only
 * knowable from it.
 */
export function childrenFromTriggering(entries: unknown): CompositeChild[] {
  return asArray(entries).flatMap((entry) => {
    const record = asRecord(entry);
    const arn = readString(record?.arn) ?? readString(record?.Arn);
    if (arn === undefined) return [];
    const name = alarmNameFromArn(arn) ?? arn;
    const stateRecord = asRecord(record?.state) ?? asRecord(record?.State);
    const state = readState(stateRecord?.value ?? stateRecord?.Value);
    return [{ name, arn, ...compact({ state }) }];
  });
}

/**
 * Joins the children that triggered this change (with their state) and the other alarms the rule names (state
 * unknown here), triggering ones first, so the message can show what fired and what else the rule watches.
 */
export function mergeChildren(
  triggering: readonly CompositeChild[],
  fromRule: readonly CompositeChild[],
): CompositeChild[] {
  const merged = [...triggering];
  for (const child of fromRule) {
    if (
      !merged.some(
        (known) => known.name === child.name || (child.arn !== undefined && known.arn === child.arn),
      )
    ) {
      merged.push(child);
    }
  }
  return merged;
}

/**
 * The composite trigger both payload shapes describe: the children that triggered the change first (with their
 * state), then the other alarms the rule names, plus any actions suppression.
 */
export function compositeTrigger(
  rule: string | undefined,
  triggering: unknown,
  suppressedBy: unknown,
  suppressedReason: unknown,
): AlarmTrigger {
  return {
    kind: "composite",
    children: mergeChildren(
      childrenFromTriggering(triggering),
      rule === undefined ? [] : childrenFromRule(rule),
    ),
    ...compact({
      rule,
      actionsSuppressedBy: readString(suppressedBy),
      actionsSuppressedReason: readString(suppressedReason),
    }),
  };
}
