import { uuid1At } from "./rng.js";

/** The `--now` the committed sample logs were generated with. */
export const DEFAULT_SAMPLE_NOW = new Date("2026-11-20T12:00:00.000Z");

/** Well-known requests planted in the sample logs, for tests, docs and the playground. */
export interface SampleIds {
  /** DynamoAI API reqId (UUIDv1, time embedded): API → moderation → models, an error (CUDA OOM) in models. */
  readonly dynamoaiReqId: string;
  /** When the DynamoAI request started (the UUIDv1 time). */
  readonly dynamoaiReqTime: Date;
  /** DynamoAI reqId of a healthy analyze request three hours earlier, no errors. */
  readonly dynamoaiOkReqId: string;
  readonly dynamoaiOkReqTime: Date;
  /** TradAI X-Correlation-ID (UUIDv4, in the message text): backend → strategy-service (a retried ReadTimeout) → sqs-consumer. */
  readonly tradaiCorrelationId: string;
  readonly tradaiTime: Date;
  /** Dynamo W3C trace_id (frontend → prefill → decode), the trace id of the Dynamo docs example. */
  readonly dynamoTraceId: string;
  /** The x_request_id the client sent with that Dynamo request. */
  readonly dynamoXRequestId: string;
  readonly dynamoTime: Date;
  /** AxonFlow request_id of a slow request that failed in the orchestrator (agent → orchestrator → agent). */
  readonly axonflowRequestId: string;
  readonly axonflowTime: Date;
}

const MINUTE = 60_000;

/**
 * The well-known IDs for logs generated with a given `now`. Only the DynamoAI reqIds depend on it (a UUIDv1
 * carries its time); the others are fixed strings planted at fixed offsets before `now`.
 */
export function sampleIdsFor(now: Date): SampleIds {
  const t = now.getTime();
  const dynamoaiMs = t - 25 * MINUTE + 4_321;
  const okMs = t - 190 * MINUTE + 1_234;
  return {
    dynamoaiReqId: uuid1At(dynamoaiMs, 0x1ee0, "09606a1108f9"),
    dynamoaiReqTime: new Date(dynamoaiMs),
    dynamoaiOkReqId: uuid1At(okMs, 0x1ee1, "09606a1108f9"),
    dynamoaiOkReqTime: new Date(okMs),
    tradaiCorrelationId: "7d1f3b9a-4c2e-4e8b-9f6a-2b5c8d0e1a37",
    tradaiTime: new Date(t - 40 * MINUTE + 2_750),
    dynamoTraceId: "b672ccf48683b392891c5cb4163d4b51",
    dynamoXRequestId: "8372eac7-5f43-4d76-beca-0a94cfb311d0",
    dynamoTime: new Date(t - 20 * MINUTE + 987),
    axonflowRequestId: "req-7f3a9c2e41b8",
    axonflowTime: new Date(t - 15 * MINUTE + 5_555),
  };
}

/** The IDs in the committed `samples/logs` (generated with {@link DEFAULT_SAMPLE_NOW}). */
export const SAMPLE_IDS: SampleIds = sampleIdsFor(DEFAULT_SAMPLE_NOW);
