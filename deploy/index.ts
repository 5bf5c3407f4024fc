/**
 * Deployment (`firehose-kit/deploy`): one plan from options (a stream configuration maps onto them field by
 * field), rendered as CloudFormation or Terraform with the same resources; the S3 layout and the Glue
 * table's partition projection derived together; deterministic Lambda zips.
 */
export { type CfnTemplate, type CfnValue, glueTableResource, renderCloudFormation, renderGlueTableTemplate } from './cloudformation.js';
export { DeployOptionError } from './errors.js';
export { type HclBlock, type HclEntry, type HclValue } from './hcl.js';
export { createDeterministicZip, crc32, type ZipEntry } from './lambdaZip.js';
export { type ApiGatewayOptions, DEFAULT_RUNTIME, type DeployOptions, type DeployPlan, type DeploySource, type OutputFormat, planDeployment, RAW_COMPRESSIONS, type RawCompression, type SecretSource } from './options.js';
export { deployOptionsFromStreamConfig, type StreamConfigFields } from './streamConfig.js';
export { partitionLayout, type PartitionKeySource, type PartitionLayout, type PartitionLayoutOptions, TIME_PARTITION_KEYS } from './partitioning.js';
export { renderTerraform, TERRAFORM_AWS_PROVIDER, terraformBlocks } from './terraform.js';
