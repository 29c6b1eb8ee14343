#!/usr/bin/env node
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Aspects } from "aws-cdk-lib";
import cdkNag from "cdk-nag";
import { KlaxonStack } from "../lib/klaxon-stack.js";
import { readSettings, SettingsError } from "../lib/settings.js";

const app = new App();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
try {
  const settings = readSettings((key) => app.node.tryGetContext(key));
  const stackName = (app.node.tryGetContext("stackName") as string | undefined) ?? "Klaxon";
  new KlaxonStack(app, stackName, {
    settings,
    repoRoot,
    description: `klaxon (${settings.shape}, ${settings.store}, ${settings.replicas} task(s))`,
    // The account and region of the credentials in use; without credentials the stack stays environment-agnostic.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(2);
}
// Every synth and deploy is checked against the AWS Solutions rules; an unsuppressed finding fails it.
Aspects.of(app).add(new cdkNag.AwsSolutionsChecks({ verbose: true }));
