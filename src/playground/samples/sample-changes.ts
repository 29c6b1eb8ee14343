import type { ChangesSource } from "../../changes/changes-source.js";
import type { TrailEvent } from "../../changes/describe-cloudtrail-event.js";
import type { EcsServiceDescription } from "../../changes/ecs-deployments.js";
import type { Clock } from "../../shared/clock.js";
import { ok } from "../../shared/result.js";

const ACCOUNT = "123456789012";
const MINUTE = 60_000;

function trailEvent(
  id: string,
  name: string,
  source: string,
  at: number,
  identity: Record<string, unknown>,
  requestParameters: Record<string, unknown>,
  resources: { ResourceType: string; ResourceName: string }[],
): TrailEvent {
  return {
    EventId: id,
    EventName: name,
    EventSource: source,
    EventTime: new Date(at),
    Resources: resources,
    CloudTrailEvent: JSON.stringify({
      eventName: name,
      eventSource: source,
      userIdentity: identity,
      requestParameters,
    }),
  };
}

const deployRole = {
  type: "AssumedRole",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/deploy-axonflow-api-1187`,
};

/**
 * The playground's "what changed": a deploy of `axonflow-api` 12 minutes before the end of the searched window
 * (the sample 5xx alarm's time), its task definition a minute earlier, a feature-flag parameter change and a
 * security group change further back, and the ECS deployment 41 → 42 (relative to now). Event times are
 * relative to the searched window, so every sample alarm fired from the page finds them.
 */
export function createSampleChangesSource(clock: Clock): ChangesSource {
  return {
    async lookupWriteEvents({ endMs }) {
      const events = [
        trailEvent(
          "sample-0001",
          "UpdateService",
          "ecs.amazonaws.com",
          endMs - 12 * MINUTE,
          deployRole,
          {
            cluster: "axonflow-prod",
            service: "axonflow-api",
            taskDefinition: "axonflow-api:42",
          },
          [
            {
              ResourceType: "AWS::ECS::Service",
              ResourceName: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/axonflow-prod/axonflow-api`,
            },
          ],
        ),
        trailEvent(
          "sample-0002",
          "RegisterTaskDefinition",
          "ecs.amazonaws.com",
          endMs - 13 * MINUTE,
          deployRole,
          {
            family: "axonflow-api",
          },
          [
            {
              ResourceType: "AWS::ECS::TaskDefinition",
              ResourceName: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/axonflow-api:42`,
            },
          ],
        ),
        trailEvent(
          "sample-0003",
          "PutParameter",
          "ssm.amazonaws.com",
          endMs - 47 * MINUTE,
          {
            type: "AssumedRole",
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_PowerUser_0123/maria.garcia@example.com`,
          },
          { name: "/axonflow/prod/feature-flags", overwrite: true },
          [],
        ),
        trailEvent(
          "sample-0004",
          "AuthorizeSecurityGroupIngress",
          "ec2.amazonaws.com",
          endMs - 95 * MINUTE,
          {
            type: "IAMUser",
            userName: "terraform",
            arn: `arn:aws:iam::${ACCOUNT}:user/terraform`,
          },
          { groupId: "sg-0a1b2c3d4e5f67890" },
          [{ ResourceType: "AWS::EC2::SecurityGroup", ResourceName: "sg-0a1b2c3d4e5f67890" }],
        ),
      ];
      return ok({ events, truncated: false });
    },
    async describeEcsServices({ services, region }) {
      const found = services.filter((s) => s.service === "axonflow-api");
      // DescribeServices has no window: the sample deployment is as recent as the sample alarms (fired now).
      const end = clock().getTime();
      const described: EcsServiceDescription[] = found.map((s) => ({
        serviceName: s.service,
        clusterArn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/${s.cluster}`,
        deployments: [
          {
            id: "ecs-svc/1187",
            status: "PRIMARY",
            taskDefinition: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/axonflow-api:42`,
            createdAt: new Date(end - 12 * MINUTE),
            updatedAt: new Date(end - 6 * MINUTE),
            rolloutState: "COMPLETED",
          },
          {
            id: "ecs-svc/1160",
            status: "ACTIVE",
            taskDefinition: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/axonflow-api:41`,
            createdAt: new Date(end - 3 * 24 * 60 * MINUTE),
            updatedAt: new Date(end - 3 * 24 * 60 * MINUTE),
            rolloutState: "COMPLETED",
          },
        ],
      }));
      return ok(described);
    },
  };
}
