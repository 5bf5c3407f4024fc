import { planDeployment, renderCloudFormation, type CfnTemplate } from 'firehose-kit/deploy';

/** The stack for the tickets Lambda: upload its zip as tickets.zip to your code bucket, then deploy this. */
export function ticketsStack(): CfnTemplate {
  const plan = planDeployment({ blueprint: 'tickets', streamName: 'tickets', bucketName: 'my-tickets-data', environment: { NEWLINE: 'true' } });
  return renderCloudFormation(plan);
}
