import { MASK_RULES, maskMessage } from "../../src/error-summary/mask-message.js";
import { hostileLineShapes } from "./hostile-logs.js";

/** How long masking took on the hostile 64 KB line shapes. */
export interface MaskTiming {
  /** `maskMessage` (which looks at the first 4,000 characters), worst shape, mean of `runs`. */
  readonly perLineMs: number;
  readonly worstShape: string;
  /** One rule over a whole 64 KB line (no cap), the worst rule and shape. */
  readonly worstRuleMs: number;
  readonly worstRule: string;
  readonly shapes: number;
}

/** Times masking on every hostile 64 KB line shape, for the reliability suite and the benchmark. */
export function timeMasking(runs = 20): MaskTiming {
  const shapes = Object.entries(hostileLineShapes());
  let perLineMs = 0;
  let worstShape = "";
  let worstRuleMs = 0;
  let worstRule = "";
  for (const [name, line] of shapes) {
    const started = performance.now();
    for (let i = 0; i < runs; i++) maskMessage(line, { maskQuoted: true });
    const ms = (performance.now() - started) / runs;
    if (ms > perLineMs) [perLineMs, worstShape] = [ms, name];
    for (const rule of MASK_RULES) {
      const t = performance.now();
      line.replace(rule.pattern, "x");
      const ruleMs = performance.now() - t;
      if (ruleMs > worstRuleMs) [worstRuleMs, worstRule] = [ruleMs, `${rule.name} on ${name}`];
    }
  }
  return { perLineMs, worstShape, worstRuleMs, worstRule, shapes: shapes.length };
}
