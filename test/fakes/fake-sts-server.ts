import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sigV4Scope } from "./sigv4-scope.js";

/** One AssumeRole call the fake answered (or refused). */
export interface RecordedAssumeRole {
  readonly roleArn: string;
  readonly externalId: string | undefined;
  readonly sessionName: string;
  /** Region and access key of the caller (klaxon's own credentials). */
  readonly region: string;
  readonly callerAccessKeyId: string;
}

export interface FakeStsServer {
  readonly url: string;
  readonly calls: RecordedAssumeRole[];
  /** Refuses AssumeRole for this role with AccessDenied from now on. */
  deny(roleArn: string): void;
  close(): Promise<void>;
}

/** The access key the fake hands out for a role: `ASIA` + the role's account, so a call's signer names its account. */
export function assumedKeyFor(roleArn: string): string {
  return `ASIA${/::(\d{12}):/.exec(roleArn)?.[1] ?? "UNKNOWN"}`;
}

/** The account an assumed-role access key of this fake belongs to, or undefined for any other key. */
export function accountOfKey(accessKeyId: string): string | undefined {
  return /^ASIA(\d{12})$/.exec(accessKeyId)?.[1];
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": "fake-sts-request" }).end(xml);
}

/**
 * A loopback STS speaking the query protocol the SDK's `fromTemporaryCredentials` sends (form-encoded
 * `Action=AssumeRole`, XML answer). Each role gets its own access key ({@link assumedKeyFor}) valid for an hour,
 * so other fakes can tell from a call's SigV4 header which account's role signed it.
 */
export async function startFakeStsServer(): Promise<FakeStsServer> {
  const calls: RecordedAssumeRole[] = [];
  const denied = new Set<string>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    if (form.get("Action") !== "AssumeRole") {
      sendXml(
        res,
        400,
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code></Error></ErrorResponse>`,
      );
      return;
    }
    const roleArn = form.get("RoleArn") ?? "";
    const scope = sigV4Scope(req.headers.authorization);
    calls.push({
      roleArn,
      externalId: form.get("ExternalId") ?? undefined,
      sessionName: form.get("RoleSessionName") ?? "",
      region: scope.region,
      callerAccessKeyId: scope.accessKeyId,
    });
    if (denied.has(roleArn)) {
      sendXml(
        res,
        403,
        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole on ${xmlEscape(roleArn)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
      );
      return;
    }
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${assumedKeyFor(roleArn)}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAFAKE:${xmlEscape(form.get("RoleSessionName") ?? "")}</AssumedRoleId><Arn>${xmlEscape(roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/"))}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) =>
      sendXml(
        res,
        500,
        `<ErrorResponse><Error><Code>InternalFailure</Code><Message>${xmlEscape(String(e))}</Message></Error></ErrorResponse>`,
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    deny(roleArn) {
      denied.add(roleArn);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
