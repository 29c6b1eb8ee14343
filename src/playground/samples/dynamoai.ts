import type { SampleIds } from "./sample-ids.js";
import { arrivals, emit, type GenContext, HOUR, type LogGroups, MINUTE } from "./types.js";

/** DynamoAI on EKS: every pod logs into one Container Insights group, one stream per pod and container. */
export const DYNAMOAI_GROUP = "/aws/containerinsights/dfl-prod-default-eks/application";

interface Pod {
  readonly pod: string;
  readonly container: string;
  readonly host: string;
  readonly image: string;
}

const ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
const pod = (name: string, container: string, host: string, image: string): Pod => ({
  pod: name,
  container,
  host: `ip-10-42-${host}.ec2.internal`,
  image: `${ECR}/${image}`,
});

const API = [
  pod("dynamoai-api-56fcf74495-rf2pj", "dynamoai-api", "12-34", "dynamoai-api:v3.14.2"),
  pod("dynamoai-api-56fcf74495-x8k2m", "dynamoai-api", "13-7", "dynamoai-api:v3.14.2"),
  pod("dynamoai-api-56fcf74495-q7wzn", "dynamoai-api", "14-201", "dynamoai-api:v3.14.2"),
];
const MODERATION = [
  pod("dynamoai-moderation-5bdc4cb97d-45wgd", "dynamoai-moderation", "12-34", "dynamoai-moderation:v2.8.0"),
  pod("dynamoai-moderation-5bdc4cb97d-m2vxp", "dynamoai-moderation", "14-201", "dynamoai-moderation:v2.8.0"),
];
const MODELS: Record<string, readonly Pod[]> = {
  "prompt-injection-v2": [
    pod("model-prompt-injection-6d8f9b7c5-kq2xz", "model-server", "20-11", "dynamoai-model-server:1.9.3"),
  ],
  "toxicity-v3": [
    pod("model-toxicity-7c4b8d9f6-p9t3w", "model-server", "20-12", "dynamoai-model-server:1.9.3"),
    pod("model-toxicity-7c4b8d9f6-w5j8d", "model-server", "20-13", "dynamoai-model-server:1.9.3"),
  ],
  "pii-detector-v1": [
    pod("model-pii-detector-5f6a7b8c9-h4n2r", "model-server", "20-11", "dynamoai-model-server:1.9.3"),
  ],
};
const MONGO = pod("dynamoai-mongodb-1", "mongodb", "15-9", "mongo:7.0.14");
const SPIKE_MODEL = "toxicity-v3";

type Extra = Readonly<Record<string, unknown>>;

/** One Fluent Bit record as Container Insights stores it: raw `log` line plus the parsed `log_processed`. */
function record(p: Pod, ms: number, app: Extra, top: Extra = {}): string {
  const appLine = JSON.stringify(app);
  return JSON.stringify({
    time: new Date(ms).toISOString().replace("Z", "123Z"),
    stream: app.level === "error" ? "stderr" : "stdout",
    _p: "F",
    log: appLine,
    ...top,
    kubernetes: {
      pod_name: p.pod,
      namespace_name: "dynamoai",
      container_name: p.container,
      host: p.host,
      container_image: p.image,
    },
    log_processed: app,
  });
}

function put(groups: LogGroups, p: Pod, ms: number, app: Extra, top: Extra = {}): void {
  emit(groups, DYNAMOAI_GROUP, {
    timestamp: Math.round(ms),
    message: record(p, ms, app, top),
    logStreamName: `${p.pod}.${p.container}`,
  });
}

interface AnalyzeOptions {
  readonly reqId: string;
  readonly t0: number;
  /** Force the model call to fail with the spike's CUDA OOM (the well-known request). */
  readonly failWithOom?: boolean;
  readonly inSpike: boolean;
  /** Never fail (the well-known healthy request). */
  readonly forceOk?: boolean;
}

function analyze(ctx: GenContext, groups: LogGroups, o: AnalyzeOptions): void {
  const { rng } = ctx;
  const api = rng.pick(API);
  const mod = rng.pick(MODERATION);
  const url = "/v1/moderation/analyze";
  const meta = { reqId: o.reqId, method: "POST", url };
  const projectId = rng.hex(24);
  let t = o.t0;
  put(groups, api, t, {
    level: "info",
    message: `Incoming request POST ${url}`,
    logger: "http",
    metadata: { ...meta, projectId, contentLength: rng.int(180, 6400) },
  });
  t += rng.latency(3, 0.4);
  const policies = rng.int(2, 3);
  put(groups, api, t, {
    level: "info",
    message: `Forwarding to moderation server with ${policies} policies`,
    logger: "guard.analyze",
    metadata: {
      ...meta,
      moderationUrl: "http://dynamoai-moderation.dynamoai.svc.cluster.local:8080/v1/analyze",
    },
  });
  t += rng.latency(6, 0.4);
  const workerRequestId = rng.uuid4();
  const modTop = { trace_id: o.reqId, request_id: workerRequestId };
  put(
    groups,
    mod,
    t,
    {
      level: "info",
      message: `Received analyze request with ${policies} policies`,
      logger: "moderation.server",
    },
    modTop,
  );
  const models = Object.keys(MODELS).slice(0, policies);
  let failed: string | undefined;
  for (const model of models) {
    const modelPod = rng.pick(MODELS[model] ?? []);
    const tokens = rng.int(40, 2400);
    t += rng.latency(4, 0.5);
    const modelTop = { request_id: o.reqId };
    put(
      groups,
      modelPod,
      t,
      {
        level: "info",
        message: `Inference started model=${model} input_tokens=${tokens}`,
        logger: "model_server.inference",
      },
      modelTop,
    );
    const spikeFail = model === SPIKE_MODEL && (o.failWithOom === true || (o.inSpike && rng.chance(0.45)));
    if (spikeFail) {
      const oom = o.failWithOom === true || rng.chance(0.7);
      t += oom ? rng.latency(900, 0.3) : 30_000 + rng.int(1, 400);
      const gib = (rng.int(4, 12) / 4).toFixed(2);
      const message = oom
        ? `CUDA out of memory. Tried to allocate ${gib} GiB (GPU 0; 22.05 GiB total capacity; ${(19 + rng.next() * 2).toFixed(2)} GiB already allocated; ${(rng.next() * 1.5).toFixed(2)} GiB free; ${(20 + rng.next()).toFixed(2)} GiB reserved in total by PyTorch)`
        : `TimeoutError: inference exceeded deadline of 30000 ms (batch_size=${rng.int(8, 32)}, queue_depth=${rng.int(40, 180)})`;
      put(
        groups,
        modelPod,
        t,
        { level: "error", message, logger: "model_server.inference", model },
        modelTop,
      );
      failed = model;
      break;
    }
    const baselineFail = o.forceOk !== true && rng.chance(0.01);
    const took = rng.latency(model === "toxicity-v3" ? 140 : 60, 0.5);
    t += took;
    if (baselineFail) {
      put(
        groups,
        modelPod,
        t,
        {
          level: "error",
          message: `Inference failed: input exceeds max sequence length (tokens=${tokens + 8192} > max=8192)`,
          logger: "model_server.inference",
          model,
        },
        modelTop,
      );
      failed = model;
      break;
    }
    put(
      groups,
      modelPod,
      t,
      {
        level: "info",
        message: `Inference completed in ${took.toFixed(1)} ms score=${rng.next().toFixed(4)}`,
        logger: "model_server.inference",
        model,
        latency_ms: took,
      },
      modelTop,
    );
  }
  t += rng.latency(3, 0.4);
  if (failed !== undefined) {
    put(
      groups,
      mod,
      t,
      {
        level: "error",
        message: `Model ${failed} request failed: 503 Service Unavailable (attempt 3/3)`,
        logger: "moderation.client",
      },
      modTop,
    );
  } else {
    const violations = rng.chance(0.2) ? 1 : 0;
    put(
      groups,
      mod,
      t,
      {
        level: "info",
        message: `Policy evaluation complete: ${policies} policies, ${violations} violations`,
        logger: "moderation.server",
      },
      modTop,
    );
  }
  t += rng.latency(4, 0.4);
  const status = failed === undefined ? 200 : 502;
  put(groups, api, t, {
    level: failed === undefined ? "info" : "error",
    message:
      failed === undefined
        ? `Request completed POST ${url} ${status}`
        : `Analyze request failed: upstream moderation error (model ${failed}) POST ${url} ${status}`,
    logger: "http",
    metadata: { ...meta, statusCode: status, responseTimeMs: Math.round(t - o.t0) },
  });
}

function otherApiRequest(ctx: GenContext, groups: LogGroups, t0: number): void {
  const { rng } = ctx;
  const api = rng.pick(API);
  const reqId = rng.uuid1(t0);
  const route = rng.pick([
    { method: "GET", url: "/v1/ml-model" },
    { method: "POST", url: "/v1/ml-model" },
    { method: "GET", url: `/v1/projects/${rng.hex(24)}` },
    { method: "GET", url: `/v1/policies/${rng.hex(24)}/versions` },
  ]);
  const meta = { reqId, ...route };
  put(groups, api, t0, {
    level: "info",
    message: `Incoming request ${route.method} ${route.url}`,
    logger: "http",
    metadata: meta,
  });
  const took = rng.latency(35, 0.7);
  if (rng.chance(0.02)) {
    put(groups, api, t0 + took, {
      level: "error",
      message: `MongoServerSelectionError: connection timed out after ${rng.int(10, 30)}000 ms (dynamoai-mongodb-1.dynamoai-mongodb:27017)`,
      logger: "db",
      metadata: { ...meta, statusCode: 500 },
    });
    return;
  }
  put(groups, api, t0 + took, {
    level: took > 250 ? "warn" : "info",
    message: `Request completed ${route.method} ${route.url} 200`,
    logger: "http",
    metadata: { ...meta, statusCode: 200, responseTimeMs: Math.round(took) },
  });
}

/** Generates ~6 h of DynamoAI logs with a toxicity-model error spike in the last 40 minutes. */
export function generateDynamoAi(ctx: GenContext, groups: LogGroups, ids: SampleIds): void {
  const spikeFrom = ctx.now - 40 * MINUTE;
  for (const t0 of arrivals(ctx, 17, { from: spikeFrom, factor: 1.6 })) {
    analyze(ctx, groups, { reqId: ctx.rng.uuid1(t0), t0, inSpike: t0 >= spikeFrom });
  }
  for (const t0 of arrivals(ctx, 10)) otherApiRequest(ctx, groups, t0);
  analyze(ctx, groups, {
    reqId: ids.dynamoaiReqId,
    t0: ids.dynamoaiReqTime.getTime(),
    failWithOom: true,
    inSpike: true,
  });
  analyze(ctx, groups, {
    reqId: ids.dynamoaiOkReqId,
    t0: ids.dynamoaiOkReqTime.getTime(),
    inSpike: false,
    forceOk: true,
  });
  for (let t = ctx.start + 7 * MINUTE; t < ctx.now; t += HOUR) {
    emit(groups, DYNAMOAI_GROUP, {
      timestamp: t,
      logStreamName: `${MONGO.pod}.${MONGO.container}`,
      message: record(MONGO, t, {
        level: "info",
        message: `Checkpoint completed durationMillis=${ctx.rng.int(40, 900)} oplogEntries=${ctx.rng.int(1000, 90000)}`,
        logger: "STORAGE",
      }),
    });
  }
}
