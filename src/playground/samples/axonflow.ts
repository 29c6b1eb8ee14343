import type { SampleIds } from "./sample-ids.js";
import { arrivals, emit, type GenContext, type LogGroups, MINUTE } from "./types.js";

/** AxonFlow on ECS: structured JSON from agent and orchestrator in one group, awslogs streams per task. */
export const AXONFLOW_GROUP = "/axonflow/production";

const AGENT_TASKS = ["3c9e5a7b1d2f4e6a8b0c2d4e6f8a0b1c", "d2f4a6c8e0b24d6f8a1c3e5b7d9f1a3c"];
const ORCH_TASKS = ["9a1b3c5d7e9f4a2b8c6d4e2f0a1b3c5d", "5e7f9a1b3c5d4e6f8a0b2c4d6e8f0a2b"];
const MODELS = ["claude-sonnet-4", "claude-haiku-4", "gpt-4.1-mini", "llama-3.3-70b"];
const ORGS = ["org-xyz", "org-acme", "org-7f2c", "org-northwind", "org-globex"];
const POLICIES = [
  { id: "pii-ssn-detection", reason: "PII detected: SSN pattern" },
  { id: "prompt-injection-guard", reason: "Prompt injection: instruction override attempt" },
  { id: "secrets-aws-key", reason: "Secret detected: AWS access key id" },
];

interface RequestOptions {
  readonly t0: number;
  readonly requestId: string;
  readonly inSpike: boolean;
  /** The well-known request: slow, then a provider timeout in the orchestrator. */
  readonly wellKnown?: boolean;
}

function request(ctx: GenContext, groups: LogGroups, o: RequestOptions): void {
  const { rng } = ctx;
  const agent = `agent/agent/${rng.pick(AGENT_TASKS)}`;
  const orch = `orchestrator/orchestrator/${rng.pick(ORCH_TASKS)}`;
  const base = {
    request_id: o.requestId,
    organization_id: rng.pick(ORGS),
    user_id: `user-${rng.int(100, 999)}`,
  };
  const put = (stream: string, ms: number, fields: Readonly<Record<string, unknown>>): void =>
    emit(groups, AXONFLOW_GROUP, {
      timestamp: Math.round(ms),
      logStreamName: stream,
      message: JSON.stringify({ timestamp: new Date(ms).toISOString(), ...fields }),
    });

  let t = o.t0;
  const evaluations = rng.int(2, 6);
  const policyMs = rng.latency(9, 0.4);
  t += policyMs;
  if (!o.wellKnown && rng.chance(0.05)) {
    const p = rng.pick(POLICIES);
    put(agent, t, {
      level: "warn",
      service: "agent",
      ...base,
      message: "Request blocked by policy",
      latency_ms: Math.round(policyMs),
      policy_evaluations: evaluations,
      blocked: true,
      policy_id: p.id,
      blocked_reason: p.reason,
    });
    return;
  }
  put(agent, t, {
    level: "info",
    service: "agent",
    ...base,
    message: "Policy checks passed, forwarding to orchestrator",
    latency_ms: Math.round(policyMs),
    policy_evaluations: evaluations,
    blocked: false,
  });
  const model = o.wellKnown ? "claude-sonnet-4" : rng.pick(MODELS);
  t += rng.latency(4);
  const failing = o.wellKnown === true || (o.inSpike && rng.chance(0.35));
  if (failing) {
    const took = 30_000 + rng.int(1, 900);
    t += took;
    put(orch, t, {
      level: "error",
      service: "orchestrator",
      ...base,
      message: "LLM provider call failed",
      error_message: `Post "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.${model}/invoke": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      latency_ms: took,
      model,
    });
    t += 2;
    put(agent, t, {
      level: "error",
      service: "agent",
      ...base,
      message: "Upstream orchestrator error, returning 504",
      latency_ms: Math.round(t - o.t0),
      status_code: 504,
    });
    return;
  }
  const tokens = rng.int(120, 4200);
  const took = rng.latency(o.inSpike ? 2600 : 900, 0.5);
  t += took;
  if (rng.chance(0.02)) {
    put(orch, t - took / 2, {
      level: "warn",
      service: "orchestrator",
      ...base,
      message: "rate limited by provider: 429 Too Many Requests (retry after 2s)",
      model,
    });
  }
  put(orch, t, {
    level: took > 5000 ? "warn" : "info",
    service: "orchestrator",
    ...base,
    message: took > 5000 ? "Slow upstream response" : "Request processed successfully",
    latency_ms: Math.round(took),
    model,
    tokens_used: tokens,
  });
  t += rng.latency(3);
  put(agent, t, {
    level: "info",
    service: "agent",
    ...base,
    message: "Response returned",
    latency_ms: Math.round(t - o.t0),
    status_code: 200,
  });
}

/** Generates ~6 h of AxonFlow logs with a provider-timeout spike in the orchestrator (last 45 minutes). */
export function generateAxonFlow(ctx: GenContext, groups: LogGroups, ids: SampleIds): void {
  const spikeFrom = ctx.now - 45 * MINUTE;
  for (const t0 of arrivals(ctx, 36, { from: spikeFrom, factor: 1.5 })) {
    request(ctx, groups, { t0, requestId: `req-${ctx.rng.hex(12)}`, inSpike: t0 >= spikeFrom });
  }
  request(ctx, groups, {
    t0: ids.axonflowTime.getTime(),
    requestId: ids.axonflowRequestId,
    inSpike: true,
    wellKnown: true,
  });
}
