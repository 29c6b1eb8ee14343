/** Who signed a request and for where, from its SigV4 `Authorization` header's credential scope. */
export interface SigV4Scope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/**
 * Reads `Credential=<key>/<date>/<region>/<service>/aws4_request` out of an `Authorization` header, so a fake can
 * tell which client (account credentials, region) sent each call.
 */
export function sigV4Scope(authorization: string | undefined): SigV4Scope {
  const m = /Credential=([^/,\s]{1,128})\/\d{8}\/([^/]{1,32})\/([^/]{1,32})\//.exec(authorization ?? "");
  return { accessKeyId: m?.[1] ?? "", region: m?.[2] ?? "", service: m?.[3] ?? "" };
}
