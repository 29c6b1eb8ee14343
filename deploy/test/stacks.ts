import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Aspects } from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";
import cdkNag from "cdk-nag";
import { KlaxonStack } from "../lib/klaxon-stack.js";
import { type KlaxonDeploySettings, readSettings } from "../lib/settings.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

let outRoot: string | undefined;
/** A fresh cloud-assembly folder for one app, under one temporary folder that {@link removeAppDirs} deletes. */
export function appDir(): string {
  outRoot ??= mkdtempSync(join(tmpdir(), "klaxon-deploy-test-"));
  return mkdtempSync(join(outRoot, "app-"));
}

/** Deletes every folder {@link appDir} made (the HTTP shape stages the repository in its own, a few MB). */
export function removeAppDirs(): void {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
  outRoot = undefined;
}
export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`;
export const OTHER_TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:billing-alarms`;

/** The context each of the three shapes is deployed with in the README. */
export const SHAPES = {
  http: {
    shape: "http",
    alarmTopicArns: `${TOPIC},${OTHER_TOPIC}`,
    certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0f4f1b2c-1111-2222-3333-444455556666`,
    domainName: "klaxon.example.com",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    hostedZoneName: "example.com",
    logGroups: "/ecs/api-prod,/aws/lambda/checkout-*",
    configFile: "klaxon.example.yaml",
  },
  socket: {
    shape: "socket",
    alarmTopicArns: TOPIC,
    configFile: "klaxon.example.yaml",
  },
  replicas: {
    shape: "socket",
    replicas: "3",
    alarmTopicArns: TOPIC,
    logGroups: "/ecs/api-prod",
    configFile: "klaxon.example.yaml",
  },
} as const satisfies Record<string, Record<string, string>>;

export type ShapeName = keyof typeof SHAPES;

/** A synthesised shape: its app (nag findings are annotations on it), stack and settings. */
export interface Synthesised {
  readonly app: App;
  readonly stack: KlaxonStack;
  readonly settings: KlaxonDeploySettings;
}

/**
 * Builds one shape as `bin/klaxon.ts` does (settings from context, the AWS Solutions checks as an aspect), in a
 * fixed account and region. `image` replaces the Docker build of the repository when given.
 */
export function synth(context: Record<string, string>, image?: ecs.ContainerImage): Synthesised {
  const app = new App({ context, outdir: appDir() });
  const settings = readSettings((key) => app.node.tryGetContext(key));
  const stack = new KlaxonStack(app, "Klaxon", {
    settings,
    repoRoot: REPO_ROOT,
    env: { account: ACCOUNT, region: REGION },
    ...(image && { image }),
  });
  Aspects.of(app).add(new cdkNag.AwsSolutionsChecks());
  return { app, stack, settings };
}

/** A registry image, so a test need not stage the repository as a Docker build context. */
export const REGISTRY_IMAGE = ecs.ContainerImage.fromRegistry("ghcr.io/example/klaxon:1.0.0");
