import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A CloudTrail event as the fake stores it (times in ISO; answered as epoch seconds like the real API). */
export interface FakeTrailEvent {
  readonly EventId: string;
  readonly EventName: string;
  readonly EventTime: string;
  readonly EventSource?: string;
  readonly Username?: string;
  readonly Resources?: { ResourceType: string; ResourceName: string }[];
  readonly CloudTrailEvent?: string;
}

/** An ECS service with deployments (times in ISO). */
export interface FakeEcsService {
  readonly cluster: string;
  readonly serviceName: string;
  readonly deployments: {
    readonly id: string;
    readonly status: string;
    readonly taskDefinition: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly rolloutState?: string;
  }[];
}

/** One call the fake received, with the region and access key from the SigV4 `Authorization` header. */
export interface RecordedChangesCall {
  readonly operation: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly body: Record<string, unknown>;
}

export interface FakeChangesServer {
  readonly url: string;
  readonly calls: RecordedChangesCall[];
  setEvents(events: readonly FakeTrailEvent[]): void;
  setServices(services: readonly FakeEcsService[]): void;
  /** Answers the next `times` calls of `operation` with an AWS error such as ThrottlingException. */
  fail(operation: "LookupEvents" | "DescribeServices", name: string, times: number): void;
  close(): Promise<void>;
}

const TARGETS: Record<string, string> = {
  "CloudTrail_20131101.LookupEvents": "LookupEvents",
  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents": "LookupEvents",
  "AmazonEC2ContainerServiceV20141113.DescribeServices": "DescribeServices",
};

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": "00000000-0000-4000-8000-000000000001",
  };
  if (errorType) headers["x-amzn-errortype"] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * A loopback server speaking CloudTrail's and ECS's JSON 1.1 protocols (`LookupEvents` with its time window,
 * `ReadOnly` attribute and pagination by `NextToken`; `DescribeServices`), so the real SDK clients run against
 * it. Every call is recorded with the region and access key read from the SigV4 header, and failures such as
 * `ThrottlingException` or `AccessDeniedException` can be queued.
 */
export async function startFakeChangesServer(): Promise<FakeChangesServer> {
  let events: readonly FakeTrailEvent[] = [];
  let services: readonly FakeEcsService[] = [];
  const failures: { operation: string; name: string; left: number }[] = [];
  const calls: RecordedChangesCall[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const operation = TARGETS[String(req.headers["x-amz-target"] ?? "")] ?? "";
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ""));
    calls.push({ operation, region: scope?.[2] ?? "", accessKeyId: scope?.[1] ?? "", body });
    const failure = failures.find((f) => f.operation === operation && f.left > 0);
    if (failure) {
      failure.left -= 1;
      send(res, 400, { __type: failure.name, message: `${failure.name} (fake)` }, failure.name);
      return;
    }
    if (operation === "LookupEvents") {
      const start = Number(body.StartTime);
      const end = Number(body.EndTime);
      const max = Number(body.MaxResults ?? 50);
      const offset = Number(body.NextToken ?? 0);
      const matching = events
        .filter((e) => seconds(e.EventTime) >= start && seconds(e.EventTime) <= end)
        .sort((a, b) => Date.parse(b.EventTime) - Date.parse(a.EventTime));
      const page = matching.slice(offset, offset + max);
      send(res, 200, {
        Events: page.map((e) => ({ ...e, EventTime: seconds(e.EventTime), ReadOnly: "false" })),
        ...(offset + max < matching.length && { NextToken: String(offset + max) }),
      });
      return;
    }
    if (operation === "DescribeServices") {
      const wanted = new Set((body.services as string[] | undefined) ?? []);
      const found = services.filter((s) => s.cluster === body.cluster && wanted.has(s.serviceName));
      send(res, 200, {
        services: found.map((s) => ({
          serviceName: s.serviceName,
          clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${s.cluster}`,
          deployments: s.deployments.map((d) => ({
            ...d,
            createdAt: seconds(d.createdAt),
            updatedAt: seconds(d.updatedAt),
          })),
        })),
        failures: [],
      });
      return;
    }
    send(res, 400, { __type: "UnknownOperationException", message: "fake does not speak this" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { __type: "InternalFailure", message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setEvents(next) {
      events = [...next];
    },
    setServices(next) {
      services = [...next];
    },
    fail(operation, name, times) {
      failures.push({ operation, name, left: times });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
