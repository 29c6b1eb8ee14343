import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sdkDefaultRegion } from "../../../src/aws/create-aws-clients.js";

const dir = mkdtempSync(join(tmpdir(), "klaxon-aws-config-"));

/** Points the SDK's shared config at a fresh file (the SDK caches files by path). */
function sharedConfig(name: string, text: string): void {
  const path = join(dir, name);
  writeFileSync(path, text);
  vi.stubEnv("AWS_CONFIG_FILE", path);
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, `${name}.credentials`));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("sdkDefaultRegion", () => {
  it("reads the region from the AWS profile when AWS_REGION is unset", async () => {
    // Prepare
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_PROFILE", "oncall");
    sharedConfig("profile-config", "[profile oncall]\nregion = ap-south-1\n");
    // Act + Assess
    expect(await sdkDefaultRegion()).toBe("ap-south-1");
  });

  it("prefers AWS_REGION over the profile", async () => {
    vi.stubEnv("AWS_REGION", "eu-north-1");
    sharedConfig("env-config", "[default]\nregion = ap-south-1\n");
    expect(await sdkDefaultRegion()).toBe("eu-north-1");
  });

  it("rejects when neither names a region", async () => {
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_PROFILE", undefined);
    sharedConfig("empty-config", "[default]\n");
    await expect(sdkDefaultRegion()).rejects.toThrow(/region/i);
  });
});
