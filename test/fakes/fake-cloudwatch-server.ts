import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sigV4Scope } from "./sigv4-scope.js";

/** A valid 1×1 PNG, what the fake renders for every widget. */
export const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

/** One GetMetricWidgetImage request as the SDK serialised it. */
export interface RecordedWidgetRequest {
  /** The `MetricWidget` JSON string, parsed. */
  readonly widget: Record<string, unknown>;
  readonly outputFormat: string | undefined;
  /** The region of the SigV4 credential scope, i.e. which regional client sent it. */
  readonly signingRegion: string | undefined;
  /** The access key that signed it: klaxon's own, or an assumed role's (see fake-sts-server). */
  readonly accessKeyId: string;
  readonly target: string;
  readonly contentType: string | undefined;
}

/** An AWS error to answer the next `times` requests with. */
export interface FakeCloudWatchFailure {
  /** Modelled or classic name: AccessDenied, Throttling, InvalidParameterInput, … */
  readonly name: string;
  /** The awsQuery code CloudWatch sends in `x-amzn-query-error` (defaults to `name`). */
  readonly queryCode?: string;
  readonly message?: string;
  readonly httpStatus?: number;
  readonly times?: number;
}

/** One ListTagsForResource call and who sent it. */
export interface RecordedTagsRequest {
  readonly resourceArn: string;
  readonly region: string;
  readonly accessKeyId: string;
}

export interface FakeCloudWatchServer {
  /** Endpoint for `new CloudWatchClient({ endpoint })`. */
  readonly url: string;
  readonly requests: RecordedWidgetRequest[];
  readonly tagRequests: RecordedTagsRequest[];
  /** The tags ListTagsForResource answers for an ARN (no entry: no tags). */
  setTags(resourceArn: string, tags: Readonly<Record<string, string>>): void;
  /** Answers ListTagsForResource with AccessDenied for calls signed with this access key. */
  denyTagsFor(accessKeyId: string): void;
  fail(failure: FakeCloudWatchFailure): void;
  /** Answers with these bytes instead of the 1×1 PNG. */
  setImage(image: Buffer): void;
  reset(): void;
  close(): Promise<void>;
}

const TARGET = "GraniteServiceVersion20100801.GetMetricWidgetImage";
const TAGS_TARGET = "GraniteServiceVersion20100801.ListTagsForResource";
const CONTENT_TYPE = "application/x-amz-json-1.0";

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      "content-type": CONTENT_TYPE,
      "x-amzn-requestid": "00000000-0000-4000-8000-00000000cw01",
      ...headers,
    })
    .end(JSON.stringify(body));
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function signingRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\/monitoring\//.exec(authorization ?? "")?.[1];
}

/**
 * Starts a loopback CloudWatch speaking what `@aws-sdk/client-cloudwatch` 3.x sends: the AWS JSON 1.0 protocol
 * in query-compatible mode (`X-Amz-Target: GraniteServiceVersion20100801.GetMetricWidgetImage`, errors as
 * `__type` plus `x-amzn-query-error: Code;Sender`). It records each widget and answers with a PNG (base64 blob
 * `MetricWidgetImage`) or a scripted error.
 */
export async function startFakeCloudWatchServer(): Promise<FakeCloudWatchServer> {
  const requests: RecordedWidgetRequest[] = [];
  let failures: { failure: FakeCloudWatchFailure; left: number }[] = [];
  let image: Buffer = ONE_PIXEL_PNG;
  const tagRequests: RecordedTagsRequest[] = [];
  const tags = new Map<string, Readonly<Record<string, string>>>();
  const tagDenials = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const text = await readText(req);
    const signer = sigV4Scope(req.headers.authorization);
    if (target === TAGS_TARGET) {
      const { ResourceARN } = JSON.parse(text === "" ? "{}" : text) as { ResourceARN?: string };
      const resourceArn = ResourceARN ?? "";
      tagRequests.push({ resourceArn, region: signer.region, accessKeyId: signer.accessKeyId });
      if (tagDenials.has(signer.accessKeyId)) {
        send(
          res,
          400,
          { __type: "com.amazonaws.cloudwatch#AccessDenied", message: "not authorized (fake)" },
          { "x-amzn-query-error": "AccessDenied;Sender" },
        );
        return;
      }
      const found = tags.get(resourceArn) ?? {};
      send(res, 200, { Tags: Object.entries(found).map(([Key, Value]) => ({ Key, Value })) });
      return;
    }
    if (target !== TARGET) {
      send(res, 400, { __type: "UnknownOperationException", message: `fake does not speak ${target}` });
      return;
    }
    const body = JSON.parse(text === "" ? "{}" : text) as { MetricWidget?: string; OutputFormat?: string };
    requests.push({
      widget: JSON.parse(body.MetricWidget ?? "{}") as Record<string, unknown>,
      outputFormat: body.OutputFormat,
      signingRegion: signingRegion(req.headers.authorization),
      accessKeyId: signer.accessKeyId,
      target,
      contentType: req.headers["content-type"],
    });
    const entry = failures.find((f) => f.left > 0);
    if (entry) {
      entry.left -= 1;
      const { name, queryCode, message, httpStatus } = entry.failure;
      send(
        res,
        httpStatus ?? 400,
        { __type: `com.amazonaws.cloudwatch#${name}`, message: message ?? `${name} (fake)` },
        { "x-amzn-query-error": `${queryCode ?? name};Sender` },
      );
      return;
    }
    send(res, 200, { MetricWidgetImage: image.toString("base64") });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { __type: "InternalFailure", message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tagRequests,
    setTags(arn, t) {
      tags.set(arn, t);
    },
    denyTagsFor(key) {
      tagDenials.add(key);
    },
    fail(failure) {
      failures.push({ failure, left: failure.times ?? 1 });
    },
    setImage(bytes) {
      image = bytes;
    },
    reset() {
      requests.length = 0;
      tagRequests.length = 0;
      tags.clear();
      tagDenials.clear();
      failures = [];
      image = ONE_PIXEL_PNG;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
