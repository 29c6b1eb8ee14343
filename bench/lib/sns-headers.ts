import { TOPIC_ARN } from "../../test/support/harness.js";

/** The headers SNS sends with every HTTP/S notification (to the harness's topic); baselines get the same ones. */
export const SNS_HEADERS = {
  "content-type": "text/plain; charset=UTF-8",
  "x-amz-sns-message-type": "Notification",
  "x-amz-sns-topic-arn": TOPIC_ARN,
  "user-agent": "Amazon Simple Notification Service Agent",
};
