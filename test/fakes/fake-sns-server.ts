import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TEST_CERT_PATH, TEST_SIGNING_CERT_PEM } from "./sns-signer.js";

/** `KLAXON_SNS_CERT_URL_PATTERN` value that accepts this fake's certificate URL (loopback, any port). */
export const FAKE_SNS_CERT_URL_PATTERN = String.raw`^http://127\.0\.0\.1:\d+/SimpleNotificationService-[0-9a-f]{32}\.pem$`;

export interface FakeSnsServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`; use it as the SNS client `endpoint`. */
  readonly url: string;
  /** Where the test signing certificate is served. */
  readonly certUrl: string;
  /** GET requests for the certificate so far. */
  certRequests(): number;
  /** Every request received, so tests can assert that nothing fetched e.g. a SubscribeURL. */
  requests(): { method: string; path: string }[];
  /** `ConfirmSubscription` calls received through the Query API. */
  confirmations(): { topicArn: string; token: string }[];
  /** Make subsequent `ConfirmSubscription` calls fail with this AWS error code (undefined restores success). */
  failConfirmationsWith(code: string | undefined): void;
  close(): Promise<void>;
}

const XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": randomUUID() });
  res.end(xml);
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

/**
 * Starts a loopback stand-in for SNS: it serves the test signing certificate at a pinned-form path (counting
 * downloads) and answers the Query API `ConfirmSubscription` action the way SNS does, so the real `SNSClient`
 * (pointed here with `endpoint` and dummy credentials) can be exercised without network access.
 */
export async function startFakeSnsServer(options: { certPem?: string } = {}): Promise<FakeSnsServer> {
  const certPem = options.certPem ?? TEST_SIGNING_CERT_PEM;
  const seen: { method: string; path: string }[] = [];
  const confirmed: { topicArn: string; token: string }[] = [];
  let certHits = 0;
  let failure: string | undefined;

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    seen.push({ method, path });
    if (method === "GET" && path === TEST_CERT_PATH) {
      certHits += 1;
      res.writeHead(200, { "content-type": "application/x-pem-file" });
      res.end(certPem);
      return;
    }
    if (method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then(
      (body) => {
        const form = new URLSearchParams(body);
        if (form.get("Action") !== "ConfirmSubscription") {
          sendXml(res, 400, errorXml("InvalidAction", `unsupported action ${form.get("Action") ?? ""}`));
          return;
        }
        const topicArn = form.get("TopicArn") ?? "";
        const token = form.get("Token") ?? "";
        confirmed.push({ topicArn, token });
        if (failure !== undefined) {
          sendXml(res, 400, errorXml(failure, "Invalid token"));
          return;
        }
        const arn = xmlEscape(`${topicArn}:${randomUUID()}`);
        sendXml(
          res,
          200,
          `<ConfirmSubscriptionResponse xmlns="${XMLNS}"><ConfirmSubscriptionResult><SubscriptionArn>${arn}</SubscriptionArn></ConfirmSubscriptionResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>`,
        );
      },
      () => res.writeHead(500).end(),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    certUrl: `${url}${TEST_CERT_PATH}`,
    certRequests: () => certHits,
    requests: () => [...seen],
    confirmations: () => [...confirmed],
    failConfirmationsWith: (code) => {
      failure = code;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
