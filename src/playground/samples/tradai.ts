import type { SampleIds } from "./sample-ids.js";
import { arrivals, emit, type GenContext, type LogGroups, MINUTE, pythonTime } from "./types.js";

/** TradAI on ECS and Lambda (env = prod): plain-text Python logs, correlation id inside the message text. */
export const TRADAI_BACKEND = "/ecs/tradai-backend-prod";
export const TRADAI_STRATEGY = "/ecs/tradai-strategy-service-prod";
export const TRADAI_SQS = "/aws/lambda/tradai-sqs-consumer-prod";

const BACKEND_TASKS = ["4f3b2c1d9e8a4b7c9d0e1f2a3b4c5d6e", "a81c07e2f4d94b1e8c3a5f6b7d8e9f01"];
const STRATEGY_TASKS = ["c5e2a9f04b7d4e18a3c6d9e2f5a8b1c4"];
const LAMBDA_STREAMS = [
  "7e2c4a9f1b3d4e5f8a6b0c2d4e6f8a1b",
  "19d3f5a7c9e14b2d8f0a3c5e7b9d1f3a",
  "e4b6d8f0a2c44e6a8c0e2f4a6b8d0c2e",
];
const STRATEGIES = ["momentum_v3", "mean_reversion_v7", "breakout_atr_v2", "pairs_stat_arb_v1"];
const SYMBOLS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT"];

function line(ms: number, logger: string, level: string, text: string): string {
  return `${pythonTime(Math.round(ms))} - ${logger} - ${level} - ${text}`;
}

interface Streams {
  readonly backend: string;
  readonly strategy: string;
  readonly lambda: string;
}

function streams(ctx: GenContext, t0: number): Streams {
  const { rng } = ctx;
  return {
    backend: `ecs/tradai-backend/${rng.pick(BACKEND_TASKS)}`,
    strategy: `ecs/tradai-strategy-service/${rng.pick(STRATEGY_TASKS)}`,
    lambda: `${new Date(t0).toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${rng.pick(LAMBDA_STREAMS)}`,
  };
}

interface BacktestOptions {
  readonly cid: string;
  readonly t0: number;
  readonly inSpike: boolean;
  /** The well-known request: one retried ReadTimeout, then success all the way to the Lambda. */
  readonly wellKnown?: boolean;
}

function backtest(ctx: GenContext, groups: LogGroups, o: BacktestOptions): void {
  const { rng } = ctx;
  const s = streams(ctx, o.t0);
  const tag = `[correlation_id=${o.cid}]`;
  const strategy = o.wellKnown ? "momentum_v3" : rng.pick(STRATEGIES);
  const timeframe = o.wellKnown ? "1h" : rng.pick(["1h", "4h", "15m", "1d", "2h"]);
  const b = (ms: number, level: string, text: string, logger = "tradai.backend.api"): void =>
    emit(groups, TRADAI_BACKEND, {
      timestamp: Math.round(ms),
      logStreamName: s.backend,
      message: line(ms, logger, level, `${tag} ${text}`),
    });
  const st = (ms: number, level: string, text: string, logger = "tradai.strategy.service"): void =>
    emit(groups, TRADAI_STRATEGY, {
      timestamp: Math.round(ms),
      logStreamName: s.strategy,
      message: line(ms, logger, level, `${tag} ${text}`),
    });

  let t = o.t0;
  b(
    t,
    "INFO",
    `POST /api/v1/backtests strategy=${strategy} symbol=${rng.pick(SYMBOLS)} timeframe=${timeframe}`,
  );
  if (timeframe === "2h" && !o.wellKnown) {
    t += rng.latency(4);
    b(
      t,
      "ERROR",
      `ValidationError: 1 validation error for BacktestRequest timeframe Input should be '1m', '5m', '15m', '1h', '4h' or '1d' [type=literal_error, input_value='2h', input_type=str]`,
      "tradai.backend.validation",
    );
    b(t + 1, "INFO", `POST /api/v1/backtests 422 ${Math.round(t + 1 - o.t0)}ms`, "tradai.backend.middleware");
    return;
  }
  t += rng.latency(5);
  b(
    t,
    "INFO",
    `Fetching strategy config http://tradai-strategy-service.prod.local:8002/api/v1/strategies/${strategy}/config`,
  );
  t += rng.latency(8);
  const sStart = t;
  st(t, "INFO", `GET /api/v1/strategies/${strategy}/config`, "tradai.strategy.middleware");
  const runId = rng.hex(32);
  if (o.inSpike && !o.wellKnown && rng.chance(0.55)) {
    const attempts = 3;
    for (let a = 1; a <= attempts; a += 1) {
      t += rng.latency(1000, 0.2);
      const addr = `0x7f${rng.hex(10)}`;
      const text =
        a < attempts
          ? `ConnectionError connecting to tradai-mlflow.prod.local:5000, retrying (${a}/${attempts})`
          : `ConnectionError: HTTPConnectionPool(host='tradai-mlflow.prod.local', port=5000): Max retries exceeded with url: /api/2.0/mlflow/registered-models/get?name=${strategy} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at ${addr}>: Failed to establish a new connection: [Errno 111] Connection refused'))\nTraceback (most recent call last):\n  File "/app/tradai/strategy/mlflow_client.py", line 88, in load_model\n    resp = self._session.get(url, timeout=5)\n  File "/usr/local/lib/python3.11/site-packages/requests/adapters.py", line 519, in send\n    raise ConnectionError(e, request=request)`;
      st(t, a < attempts ? "WARNING" : "ERROR", text, "tradai.strategy.mlflow");
    }
    st(
      t + 1,
      "INFO",
      `GET /api/v1/strategies/${strategy}/config 503 ${Math.round(t + 1 - sStart)}ms`,
      "tradai.strategy.middleware",
    );
    t += rng.latency(6);
    b(t, "ERROR", `Strategy service returned 503 for ${strategy} after ${attempts} attempts`);
    b(t + 1, "INFO", `POST /api/v1/backtests 502 ${Math.round(t + 1 - o.t0)}ms`, "tradai.backend.middleware");
    return;
  }
  if (o.wellKnown || rng.chance(0.04)) {
    t += 5000 + rng.int(1, 30);
    st(
      t,
      "WARNING",
      "ReadTimeout: HTTPConnectionPool(host='tradai-mlflow.prod.local', port=5000): Read timed out. (read timeout=5), retrying (1/3)",
      "tradai.strategy.mlflow",
    );
  }
  const load = rng.latency(80);
  t += load;
  st(
    t,
    "INFO",
    `Loaded strategy ${strategy} version ${rng.int(3, 19)} from MLflow run ${runId} in ${Math.round(load)}ms`,
  );
  t += 1;
  st(
    t,
    "INFO",
    `GET /api/v1/strategies/${strategy}/config 200 ${Math.round(t - sStart)}ms`,
    "tradai.strategy.middleware",
  );
  t += rng.latency(7);
  const jobId = `bt-${rng.hex(12)}`;
  const messageId = rng.uuid4();
  b(
    t,
    "INFO",
    `Enqueued backtest ${jobId} to tradai-backtest-jobs-prod (MessageId=${messageId})`,
    "tradai.backend.queue",
  );
  t += 1;
  b(t, "INFO", `POST /api/v1/backtests 202 ${Math.round(t - o.t0)}ms`, "tradai.backend.middleware");

  const reqId = rng.uuid4();
  let l = t + rng.int(800, 4000);
  const lam = (ms: number, text: string): void =>
    emit(groups, TRADAI_SQS, { timestamp: Math.round(ms), logStreamName: s.lambda, message: text });
  const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
  lam(l, `START RequestId: ${reqId} Version: $LATEST`);
  l += rng.latency(3);
  lam(
    l,
    `[INFO]\t${iso(l)}\t${reqId}\tReceived 1 message(s) from tradai-backtest-jobs-prod MessageId=${messageId}`,
  );
  l += rng.latency(20);
  lam(
    l,
    `[INFO]\t${iso(l)}\t${reqId}\tStarting ECS task for backtest ${jobId} correlation_id=${o.cid} cluster=tradai-prod taskDefinition=tradai-strategy-prod:42`,
  );
  const took = rng.latency(600, 0.3);
  l += took;
  lam(
    l,
    `[INFO]\t${iso(l)}\t${reqId}\tStarted task arn:aws:ecs:us-east-1:123456789012:task/tradai-prod/${rng.hex(32)}`,
  );
  lam(l + 1, `END RequestId: ${reqId}`);
  const duration = l + 1 - (t + 1);
  const init = rng.chance(0.08) ? `\tInit Duration: ${(rng.latency(450, 0.2) + 0.01).toFixed(2)} ms` : "";
  lam(
    l + 1,
    `REPORT RequestId: ${reqId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: 256 MB\tMax Memory Used: ${rng.int(82, 121)} MB${init}`,
  );
}

/** Generates ~6 h of TradAI logs with an MLflow ConnectionError spike in strategy-service in the last 35 minutes. */
export function generateTradAi(ctx: GenContext, groups: LogGroups, ids: SampleIds): void {
  const spikeFrom = ctx.now - 35 * MINUTE;
  for (const t0 of arrivals(ctx, 30, { from: spikeFrom, factor: 2 })) {
    backtest(ctx, groups, { cid: ctx.rng.uuid4(), t0, inSpike: t0 >= spikeFrom });
  }
  backtest(ctx, groups, {
    cid: ids.tradaiCorrelationId,
    t0: ids.tradaiTime.getTime(),
    inSpike: false,
    wellKnown: true,
  });
  for (let t = ctx.start + 13_000; t < ctx.now; t += 5 * MINUTE) {
    const task = ctx.rng.pick(BACKEND_TASKS);
    emit(groups, TRADAI_BACKEND, {
      timestamp: t,
      logStreamName: `ecs/tradai-backend/${task}`,
      message: line(t, "tradai.backend.middleware", "INFO", `GET /api/v1/health 200 ${ctx.rng.int(1, 4)}ms`),
    });
  }
}
