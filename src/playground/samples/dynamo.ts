import type { SampleIds } from "./sample-ids.js";
import { arrivals, emit, type GenContext, type LogGroups, MINUTE } from "./types.js";

/** NVIDIA Dynamo with DYN_LOGGING_JSONL=true: OpenTelemetry trace_id/span_id and the client's x_request_id. */
export const DYNAMO_FRONTEND = "/dynamo/frontend";
export const DYNAMO_WORKER = "/dynamo/worker";

const FRONTEND_PODS = ["dynamo-frontend-6c8d9f7b5-tx4lq", "dynamo-frontend-6c8d9f7b5-b7m2c"];
const PREFILL = ["vllm-prefill-worker-0", "vllm-prefill-worker-1"];
const DECODE = ["vllm-decode-worker-0", "vllm-decode-worker-1", "vllm-decode-worker-2"];
const MODEL = "Qwen/Qwen3-0.6B";

function jsonl(ms: number, fields: Readonly<Record<string, unknown>>): string {
  const iso = new Date(ms).toISOString();
  return JSON.stringify({
    time: `${iso.slice(0, 23)}${String(Math.floor(ms * 1000) % 1000).padStart(3, "0")}Z`,
    ...fields,
  });
}

interface ChatOptions {
  readonly t0: number;
  readonly traceId: string;
  readonly xRequestId?: string;
  readonly inSpike: boolean;
  readonly forceOk?: boolean;
}

function chat(ctx: GenContext, groups: LogGroups, o: ChatOptions): void {
  const { rng } = ctx;
  const frontend = rng.pick(FRONTEND_PODS);
  const prefill = rng.pick(PREFILL);
  const decode = rng.pick(DECODE);
  const rootSpan = rng.hex(16);
  const ctxFields = {
    trace_id: o.traceId,
    ...(o.xRequestId !== undefined && { x_request_id: o.xRequestId }),
  };
  const fe = (
    ms: number,
    level: string,
    message: string,
    extra: Readonly<Record<string, unknown>> = {},
  ): void =>
    emit(groups, DYNAMO_FRONTEND, {
      timestamp: Math.round(ms),
      logStreamName: frontend,
      message: jsonl(ms, {
        level,
        target: "dynamo_llm::http::service::openai",
        message,
        ...ctxFields,
        span_id: rootSpan,
        span_name: "http-request",
        method: "POST",
        uri: "/v1/chat/completions",
        version: "HTTP/1.1",
        ...extra,
      }),
    });
  const wk = (
    stream: string,
    ms: number,
    level: string,
    message: string,
    extra: Readonly<Record<string, unknown>>,
  ): void =>
    emit(groups, DYNAMO_WORKER, {
      timestamp: Math.round(ms),
      logStreamName: stream,
      message: jsonl(ms, {
        level,
        target: "dynamo.vllm.handlers",
        message,
        ...ctxFields,
        span_id: rng.hex(16),
        span_name: "handle_payload",
        parent_id: rootSpan,
        ...extra,
      }),
    });

  const promptTokens = rng.int(30, 3000);
  let t = o.t0;
  fe(t, "INFO", "request received", { model: MODEL });
  t += rng.latency(2);
  wk(prefill, t, "DEBUG", "prefill request accepted", { component: "prefill", prompt_tokens: promptTokens });
  const prefillMs = rng.latency(15 + promptTokens / 40, 0.3);
  t += prefillMs;
  wk(prefill, t, "INFO", `prefill complete in ${prefillMs.toFixed(1)} ms`, {
    component: "prefill",
    prompt_tokens: promptTokens,
    kv_blocks: Math.ceil(promptTokens / 16),
  });
  t += rng.latency(3);
  if (o.forceOk !== true && o.inSpike && rng.chance(0.5)) {
    t += 30_000;
    wk(
      decode,
      t,
      "ERROR",
      `KV cache transfer from ${prefill} timed out after 30000 ms (nixl agent ${rng.hex(8)}, blocks=${Math.ceil(promptTokens / 16)})`,
      {
        component: "decode",
      },
    );
    t += 2;
    fe(t, "ERROR", "request failed: 503 Service Unavailable: decode worker did not respond", {
      status: 503,
      elapsed_ms: Math.round(t - o.t0),
    });
    return;
  }
  const completion = rng.int(16, 512);
  wk(decode, t, "DEBUG", "decode started", { component: "decode", max_tokens: 512 });
  const decodeMs = completion * rng.latency(14, 0.2);
  t += decodeMs;
  wk(
    decode,
    t,
    "INFO",
    `decode finished: ${completion} tokens in ${Math.round(decodeMs)} ms (${((completion / decodeMs) * 1000).toFixed(1)} tok/s)`,
    {
      component: "decode",
      completion_tokens: completion,
    },
  );
  t += rng.latency(2);
  if (o.forceOk !== true && rng.chance(0.02)) {
    fe(t, "WARN", "client disconnected before response was sent", {
      status: 499,
      elapsed_ms: Math.round(t - o.t0),
    });
    return;
  }
  fe(t, "INFO", "request completed", {
    status: 200,
    elapsed_ms: Math.round(t - o.t0),
    prompt_tokens: promptTokens,
    completion_tokens: completion,
  });
}

/** Generates ~6 h of Dynamo JSONL logs with a KV-transfer timeout spike in the decode workers (last 30 min). */
export function generateDynamo(ctx: GenContext, groups: LogGroups, ids: SampleIds): void {
  const spikeFrom = ctx.now - 30 * MINUTE;
  for (const t0 of arrivals(ctx, 30, { from: spikeFrom, factor: 2 })) {
    const xRequestId = ctx.rng.chance(0.6) ? ctx.rng.uuid4() : undefined;
    chat(ctx, groups, {
      t0,
      traceId: ctx.rng.hex(32),
      ...(xRequestId !== undefined && { xRequestId }),
      inSpike: t0 >= spikeFrom,
    });
  }
  chat(ctx, groups, {
    t0: ids.dynamoTime.getTime(),
    traceId: ids.dynamoTraceId,
    xRequestId: ids.dynamoXRequestId,
    inSpike: false,
    forceOk: true,
  });
}
