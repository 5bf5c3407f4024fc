/**
 * The same stack as renderCloudFormation, as a Terraform configuration for the AWS provider (5.x):
 * bucket, Lambda, log groups, roles, Glue database and table with partition projection, delivery stream,
 * and the chosen seed pipeline. Secrets are never values here either: a generated secret is created empty
 * and filled once with `aws secretsmanager put-secret-value` (so no value sits in the Terraform state).
 */
import type { GlueColumn } from '../formats/glue/index.js';
import type { JsonSerDe } from '../formats/serde/index.js';
import { attribute, block, inline, nested, raw, renderHcl, template, type HclBlock, type HclEntry, type HclValue } from './hcl.js';
import type { DeployPlan } from './options.js';
import { apiGatewayRequestTemplate, secretEnvironmentName, STORAGE_FORMATS } from './shared.js';

/** Provider version range the configuration is written and checked against (fixture: provider 5.100.0). */
export const TERRAFORM_AWS_PROVIDER = '~> 5.100';

const resource = (type: string, name: string, body: readonly HclEntry[]): HclBlock => block('resource', [type, name], body);
const json = (value: HclValue): HclValue => raw(`jsonencode(${inline(value)})`);


const assume = (service: string, condition?: HclValue): HclValue =>
  json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition === undefined ? {} : { Condition: condition }) }] });
const policyDocument = (statements: HclValue[]): HclValue => json({ Version: '2012-10-17', Statement: statements });
const arnPrefix = (service: string): string => `arn:\${data.aws_partition.current.partition}:${service}:\${data.aws_region.current.name}:\${data.aws_caller_identity.current.account_id}`;

function columnBlocks(kind: 'columns' | 'partition_keys', list: readonly GlueColumn[]): HclEntry[] {
  return list.map((c) => nested(kind, [attribute('name', c.name), attribute('type', c.typeString), ...(c.comment === undefined ? [] : [attribute('comment', c.comment)])]));
}

function deserializerBlock(serde: JsonSerDe): HclEntry {
  if (serde.kind === 'hive') {
    return nested('deserializer', [nested('hive_json_ser_de', serde.timestampFormats === undefined || serde.timestampFormats.length === 0 ? [] : [attribute('timestamp_formats', [...serde.timestampFormats])])]);
  }
  const body: HclEntry[] = [];
  if (serde.caseInsensitive !== undefined) body.push(attribute('case_insensitive', serde.caseInsensitive));
  if (serde.convertDotsInJsonKeysToUnderscores !== undefined) body.push(attribute('convert_dots_in_json_keys_to_underscores', serde.convertDotsInJsonKeysToUnderscores));
  if (serde.columnToJsonKeyMappings !== undefined) body.push(attribute('column_to_json_key_mappings', { ...serde.columnToJsonKeyMappings }));
  return nested('deserializer', [nested('open_x_json_ser_de', body)]);
}

/** ParquetSerDe / OrcSerDe property names in Terraform's snake case (EnableDictionaryCompression → enable_dictionary_compression). */
function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function serializerBlock(plan: DeployPlan): HclEntry {
  const body: HclEntry[] = [];
  for (const [key, value] of Object.entries(plan.serializer)) {
    if (key === 'TimestampEncoding') continue;
    body.push(attribute(snake(key), Array.isArray(value) ? [...value] : (value as HclValue)));
  }
  return nested('serializer', [nested(plan.format === 'orc' ? 'orc_ser_de' : 'parquet_ser_de', body)]);
}

/** The blocks of the configuration; renderTerraform writes them as text. Exported for the structural check. */
export function terraformBlocks(plan: DeployPlan): HclBlock[] {
  const conversion = plan.format !== 'json';
  const kinesis = plan.source === 'kinesis';
  const blocks: HclBlock[] = [
    block('terraform', [], [nested('required_providers', [attribute('aws', { source: 'hashicorp/aws', version: TERRAFORM_AWS_PROVIDER })])]),
    block('variable', ['bucket_name'], [attribute('type', raw('string')), attribute('description', 'Name of the S3 bucket this configuration creates for the delivered data'), ...(plan.bucketName === undefined ? [] : [attribute('default', plan.bucketName)])]),
    block('variable', ['code_bucket'], [attribute('type', raw('string')), attribute('description', `S3 bucket holding dist/${plan.blueprint}.zip (npm run build)`)]),
    block('variable', ['code_key'], [attribute('type', raw('string')), attribute('default', `${plan.blueprint}.zip`)]),
    block('data', ['aws_caller_identity', 'current'], []),
    block('data', ['aws_region', 'current'], []),
    block('data', ['aws_partition', 'current'], []),
  ];
  const streamArn = template(`${arnPrefix('firehose')}:deliverystream/${plan.streamName}`);

  blocks.push(
    resource('aws_s3_bucket', 'data', [attribute('bucket', raw('var.bucket_name'))]),
    resource('aws_s3_bucket_server_side_encryption_configuration', 'data', [
      attribute('bucket', raw('aws_s3_bucket.data.id')),
      nested('rule', [attribute('bucket_key_enabled', true), nested('apply_server_side_encryption_by_default', [attribute('sse_algorithm', 'AES256')])]),
    ]),
    resource('aws_s3_bucket_public_access_block', 'data', [
      attribute('bucket', raw('aws_s3_bucket.data.id')),
      attribute('block_public_acls', true),
      attribute('block_public_policy', true),
      attribute('ignore_public_acls', true),
      attribute('restrict_public_buckets', true),
    ]),
    resource('aws_s3_bucket_ownership_controls', 'data', [attribute('bucket', raw('aws_s3_bucket.data.id')), nested('rule', [attribute('object_ownership', 'BucketOwnerEnforced')])]),
    resource('aws_s3_bucket_policy', 'data', [
      attribute('bucket', raw('aws_s3_bucket.data.id')),
      attribute('policy', policyDocument([{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [raw('aws_s3_bucket.data.arn'), template('${aws_s3_bucket.data.arn}/*')], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }])),
    ]),
  );

  const lambdaStatements: HclValue[] = [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: template(`\${aws_cloudwatch_log_group.transform.arn}:*`) }];
  const secretEnvironment: Record<string, HclValue> = {};
  for (const [name, source] of Object.entries(plan.secrets)) {
    if (source.kind === 'ssm') {
      secretEnvironment[secretEnvironmentName(name, 'ssm')] = source.name;
      lambdaStatements.push({ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: template(`${arnPrefix('ssm')}:parameter${source.name}`) });
    } else {
      const local = `secret_${name.toLowerCase()}`;
      const arn = source.kind === 'generate' ? raw(`aws_secretsmanager_secret.${local}.arn`) : source.arn;
      if (source.kind === 'generate') {
        blocks.push(resource('aws_secretsmanager_secret', local, [attribute('name_prefix', `${plan.streamName}-${name.toLowerCase().replaceAll('_', '-')}-`), attribute('description', `firehose-kit ${plan.streamName}: ${name}; set its value with aws secretsmanager put-secret-value`)]));
      }
      secretEnvironment[secretEnvironmentName(name, 'secretsmanager')] = arn;
      lambdaStatements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: arn });
    }
  }
  if (plan.reingest) {
    lambdaStatements.push(kinesis ? { Effect: 'Allow', Action: ['kinesis:PutRecords'], Resource: raw('aws_kinesis_stream.source.arn') } : { Effect: 'Allow', Action: ['firehose:PutRecordBatch'], Resource: streamArn });
  }

  blocks.push(
    resource('aws_cloudwatch_log_group', 'transform', [attribute('name', `/aws/lambda/${plan.functionName}`), attribute('retention_in_days', plan.logRetentionDays)]),
    resource('aws_iam_role', 'transform', [attribute('name_prefix', 'fhk-transform-'), attribute('assume_role_policy', assume('lambda.amazonaws.com'))]),
    resource('aws_iam_role_policy', 'transform', [attribute('name', 'transform'), attribute('role', raw('aws_iam_role.transform.id')), attribute('policy', policyDocument(lambdaStatements))]),
    resource('aws_lambda_function', 'transform', [
      attribute('function_name', plan.functionName),
      attribute('description', `firehose-kit blueprint ${plan.blueprint} for ${plan.streamName}`),
      attribute('runtime', plan.runtime),
      attribute('handler', 'index.handler'),
      attribute('s3_bucket', raw('var.code_bucket')),
      attribute('s3_key', raw('var.code_key')),
      attribute('role', raw('aws_iam_role.transform.arn')),
      attribute('timeout', plan.timeoutSeconds),
      attribute('memory_size', plan.memoryMb),
      nested('logging_config', [attribute('log_format', 'Text'), attribute('log_group', raw('aws_cloudwatch_log_group.transform.name'))]),
      nested('environment', [attribute('variables', { NODE_OPTIONS: '--enable-source-maps', ...plan.environment, ...secretEnvironment })]),
      attribute('depends_on', [raw('aws_cloudwatch_log_group.transform'), raw('aws_iam_role_policy.transform')]),
    ]),
    resource('aws_cloudwatch_log_group', 'delivery', [attribute('name', `/aws/kinesisfirehose/${plan.streamName}`), attribute('retention_in_days', plan.logRetentionDays)]),
    resource('aws_cloudwatch_log_stream', 'delivery', [attribute('name', 'DestinationDelivery'), attribute('log_group_name', raw('aws_cloudwatch_log_group.delivery.name'))]),
  );
  if (kinesis) {
    blocks.push(
      resource('aws_kinesis_stream', 'source', [
        attribute('name', `${plan.streamName}-source`),
        attribute('retention_period', 24),
        attribute('encryption_type', 'KMS'),
        attribute('kms_key_id', 'alias/aws/kinesis'),
        nested('stream_mode_details', [attribute('stream_mode', 'ON_DEMAND')]),
      ]),
    );
  }
  const table = plan.table;
  if (table !== undefined) {
    const storage = STORAGE_FORMATS[plan.format];
    blocks.push(
      resource('aws_glue_catalog_database', 'main', [attribute('name', plan.databaseName), attribute('description', `firehose-kit: tables over ${plan.streamName}`)]),
      resource('aws_glue_catalog_table', 'main', [
        attribute('name', table.name),
        attribute('database_name', raw('aws_glue_catalog_database.main.name')),
        attribute('table_type', 'EXTERNAL_TABLE'),
        attribute('parameters', { EXTERNAL: 'TRUE', classification: storage.classification, ...plan.layout.projection }),
        ...columnBlocks('partition_keys', table.partitionKeys),
        nested('storage_descriptor', [
          attribute('location', template(`s3://\${aws_s3_bucket.data.bucket}/${plan.layout.dataPrefix}`)),
          attribute('input_format', storage.inputFormat),
          attribute('output_format', storage.outputFormat),
          nested('ser_de_info', [attribute('serialization_library', storage.serializationLibrary)]),
          ...columnBlocks('columns', table.columns),
        ]),
      ]),
    );
  }

  const deliveryStatements: HclValue[] = [
    {
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
      Resource: [raw('aws_s3_bucket.data.arn'), template('${aws_s3_bucket.data.arn}/*')],
    },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [raw('aws_lambda_function.transform.arn'), template('${aws_lambda_function.transform.arn}:*')] },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: template('${aws_cloudwatch_log_group.delivery.arn}:*') },
  ];
  if (conversion && table !== undefined) {
    deliveryStatements.push({
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      Resource: [template(`${arnPrefix('glue')}:catalog`), raw('aws_glue_catalog_database.main.arn'), raw('aws_glue_catalog_table.main.arn')],
    });
  }
  if (kinesis) deliveryStatements.push({ Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], Resource: raw('aws_kinesis_stream.source.arn') });
  blocks.push(
    resource('aws_iam_role', 'delivery', [
      attribute('name_prefix', 'fhk-delivery-'),
      attribute('assume_role_policy', assume('firehose.amazonaws.com', { StringEquals: { 'sts:ExternalId': raw('data.aws_caller_identity.current.account_id') } })),
    ]),
    resource('aws_iam_role_policy', 'delivery', [attribute('name', 'deliver'), attribute('role', raw('aws_iam_role.delivery.id')), attribute('policy', policyDocument(deliveryStatements))]),
  );
  const processorParameters = (name: string, value: HclValue): HclEntry => nested('parameters', [attribute('parameter_name', name), attribute('parameter_value', value)]);
  const processors: HclEntry[] = [
    nested('processors', [
      attribute('type', 'Lambda'),
      processorParameters('LambdaArn', raw('aws_lambda_function.transform.arn')),
      processorParameters('BufferSizeInMBs', String(plan.processing.bufferSizeMb)),
      processorParameters('BufferIntervalInSeconds', String(plan.processing.bufferIntervalSeconds)),
      processorParameters('NumberOfRetries', String(plan.processing.numberOfRetries)),
    ]),
  ];
  if (plan.appendDelimiter) processors.push(nested('processors', [attribute('type', 'AppendDelimiterToRecord'), processorParameters('Delimiter', '\\n')]));
  const s3: HclEntry[] = [
    attribute('bucket_arn', raw('aws_s3_bucket.data.arn')),
    attribute('role_arn', raw('aws_iam_role.delivery.arn')),
    attribute('prefix', plan.layout.prefix),
    attribute('error_output_prefix', plan.layout.errorOutputPrefix),
    attribute('buffering_size', plan.buffering.sizeMb),
    attribute('buffering_interval', plan.buffering.intervalSeconds),
    attribute('compression_format', plan.compression),
    nested('cloudwatch_logging_options', [attribute('enabled', true), attribute('log_group_name', raw('aws_cloudwatch_log_group.delivery.name')), attribute('log_stream_name', raw('aws_cloudwatch_log_stream.delivery.name'))]),
    nested('processing_configuration', [attribute('enabled', true), ...processors]),
  ];
  if (plan.layout.dynamicPartitioning) s3.push(nested('dynamic_partitioning_configuration', [attribute('enabled', true), attribute('retry_duration', 300)]));
  if (conversion) {
    s3.push(
      nested('data_format_conversion_configuration', [
        attribute('enabled', true),
        nested('input_format_configuration', [deserializerBlock(plan.serde)]),
        nested('output_format_configuration', [serializerBlock(plan)]),
        nested('schema_configuration', [
          attribute('database_name', raw('aws_glue_catalog_database.main.name')),
          attribute('table_name', raw('aws_glue_catalog_table.main.name')),
          attribute('region', raw('data.aws_region.current.name')),
          attribute('role_arn', raw('aws_iam_role.delivery.arn')),
          attribute('version_id', 'LATEST'),
        ]),
      ]),
    );
  }
  blocks.push(
    resource('aws_kinesis_firehose_delivery_stream', 'main', [
      attribute('name', plan.streamName),
      attribute('destination', 'extended_s3'),
      kinesis
        ? nested('kinesis_source_configuration', [attribute('kinesis_stream_arn', raw('aws_kinesis_stream.source.arn')), attribute('role_arn', raw('aws_iam_role.delivery.arn'))])
        : nested('server_side_encryption', [attribute('enabled', true), attribute('key_type', 'AWS_OWNED_CMK')]),
      nested('extended_s3_configuration', s3),
      attribute('depends_on', [raw('aws_iam_role_policy.delivery')]),
    ]),
  );

  if (plan.subscriptionFilter !== undefined) {
    const target = kinesis ? raw('aws_kinesis_stream.source.arn') : raw('aws_kinesis_firehose_delivery_stream.main.arn');
    blocks.push(
      block('variable', ['source_log_group_name'], [attribute('type', raw('string')), attribute('description', 'Log group whose events the subscription filter sends to the stream')]),
      resource('aws_iam_role', 'logs_to_stream', [
        attribute('name_prefix', 'fhk-logs-'),
        attribute('assume_role_policy', assume('logs.amazonaws.com', { StringLike: { 'aws:SourceArn': template(`${arnPrefix('logs')}:*`) } })),
      ]),
      resource('aws_iam_role_policy', 'logs_to_stream', [
        attribute('name', 'put-records'),
        attribute('role', raw('aws_iam_role.logs_to_stream.id')),
        attribute('policy', policyDocument([{ Effect: 'Allow', Action: kinesis ? ['kinesis:PutRecord'] : ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: target }])),
      ]),
      resource('aws_cloudwatch_log_subscription_filter', 'logs_to_stream', [
        attribute('name', `${plan.streamName}-subscription`),
        attribute('log_group_name', raw('var.source_log_group_name')),
        attribute('filter_pattern', plan.subscriptionFilter.filterPattern),
        attribute('destination_arn', target),
        attribute('role_arn', raw('aws_iam_role.logs_to_stream.arn')),
        attribute('depends_on', [raw('aws_iam_role_policy.logs_to_stream')]),
      ]),
    );
  }

  const api = plan.apiGateway;
  if (api !== undefined) {
    const toKinesis = api.target === 'kinesis';
    const method = ['aws_api_gateway_method.post_events.http_method'];
    blocks.push(
      resource('aws_iam_role', 'api', [
        attribute('name_prefix', 'fhk-api-'),
        attribute('assume_role_policy', assume('apigateway.amazonaws.com', { StringEquals: { 'aws:SourceAccount': raw('data.aws_caller_identity.current.account_id') } })),
      ]),
      resource('aws_iam_role_policy', 'api', [
        attribute('name', 'put-record'),
        attribute('role', raw('aws_iam_role.api.id')),
        attribute('policy', policyDocument([{ Effect: 'Allow', Action: toKinesis ? ['kinesis:PutRecord'] : ['firehose:PutRecord'], Resource: toKinesis ? raw('aws_kinesis_stream.source.arn') : raw('aws_kinesis_firehose_delivery_stream.main.arn') }])),
      ]),
      resource('aws_api_gateway_rest_api', 'ingest', [attribute('name', `${plan.streamName}-ingest`), attribute('description', `POST /events into ${plan.streamName}`), nested('endpoint_configuration', [attribute('types', ['REGIONAL'])])]),
      resource('aws_api_gateway_resource', 'events', [attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')), attribute('parent_id', raw('aws_api_gateway_rest_api.ingest.root_resource_id')), attribute('path_part', 'events')]),
      resource('aws_api_gateway_request_validator', 'body', [attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')), attribute('name', 'body'), attribute('validate_request_body', true), attribute('validate_request_parameters', false)]),
      resource('aws_api_gateway_model', 'event', [
        attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
        attribute('name', 'Event'),
        attribute('content_type', 'application/json'),
        attribute('schema', json({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'Event', type: 'object' })),
      ]),
      resource('aws_api_gateway_method', 'post_events', [
        attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
        attribute('resource_id', raw('aws_api_gateway_resource.events.id')),
        attribute('http_method', 'POST'),
        attribute('authorization', api.authorization === 'iam' ? 'AWS_IAM' : 'NONE'),
        attribute('api_key_required', api.authorization === 'api-key'),
        attribute('request_validator_id', raw('aws_api_gateway_request_validator.body.id')),
        attribute('request_models', { 'application/json': raw('aws_api_gateway_model.event.name') }),
      ]),
      resource('aws_api_gateway_integration', 'post_events', [
        attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
        attribute('resource_id', raw('aws_api_gateway_resource.events.id')),
        attribute('http_method', raw(method[0]!)),
        attribute('type', 'AWS'),
        attribute('integration_http_method', 'POST'),
        attribute('uri', template(`arn:\${data.aws_partition.current.partition}:apigateway:\${data.aws_region.current.name}:${toKinesis ? 'kinesis' : 'firehose'}:action/PutRecord`)),
        attribute('credentials', raw('aws_iam_role.api.arn')),
        attribute('passthrough_behavior', 'NEVER'),
        attribute('request_parameters', { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" }),
        attribute('request_templates', { 'application/json': template(apiGatewayRequestTemplate(api.target, toKinesis ? '${aws_kinesis_stream.source.name}' : '${aws_kinesis_firehose_delivery_stream.main.name}')) }),
      ]),
    );
    for (const [status, pattern] of [['200', undefined], ['400', '4\\d{2}'], ['500', '5\\d{2}']] as const) {
      blocks.push(
        resource('aws_api_gateway_method_response', `post_events_${status}`, [
          attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
          attribute('resource_id', raw('aws_api_gateway_resource.events.id')),
          attribute('http_method', raw(method[0]!)),
          attribute('status_code', status),
        ]),
        resource('aws_api_gateway_integration_response', `post_events_${status}`, [
          attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
          attribute('resource_id', raw('aws_api_gateway_resource.events.id')),
          attribute('http_method', raw(method[0]!)),
          attribute('status_code', raw(`aws_api_gateway_method_response.post_events_${status}.status_code`)),
          ...(pattern === undefined ? [] : [attribute('selection_pattern', pattern)]),
          attribute('response_templates', { 'application/json': status === '200' ? '{"accepted":true}' : '{"accepted":false}' }),
          attribute('depends_on', [raw('aws_api_gateway_integration.post_events')]),
        ]),
      );
    }
    blocks.push(
      resource('aws_api_gateway_deployment', 'ingest', [
        attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
        attribute('depends_on', [raw('aws_api_gateway_integration.post_events'), raw('aws_api_gateway_integration_response.post_events_200')]),
      ]),
      resource('aws_api_gateway_stage', 'v1', [attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')), attribute('deployment_id', raw('aws_api_gateway_deployment.ingest.id')), attribute('stage_name', 'v1')]),
      resource('aws_api_gateway_method_settings', 'all', [
        attribute('rest_api_id', raw('aws_api_gateway_rest_api.ingest.id')),
        attribute('stage_name', raw('aws_api_gateway_stage.v1.stage_name')),
        attribute('method_path', '*/*'),
        nested('settings', [attribute('throttling_rate_limit', api.rateLimit), attribute('throttling_burst_limit', api.burstLimit)]),
      ]),
    );
    if (api.authorization === 'api-key') {
      blocks.push(
        resource('aws_api_gateway_api_key', 'ingest', [attribute('name', `${plan.streamName}-ingest`), attribute('enabled', true)]),
        resource('aws_api_gateway_usage_plan', 'ingest', [
          attribute('name', `${plan.streamName}-ingest`),
          nested('api_stages', [attribute('api_id', raw('aws_api_gateway_rest_api.ingest.id')), attribute('stage', raw('aws_api_gateway_stage.v1.stage_name'))]),
          nested('throttle_settings', [attribute('rate_limit', api.rateLimit), attribute('burst_limit', api.burstLimit)]),
        ]),
        resource('aws_api_gateway_usage_plan_key', 'ingest', [attribute('key_id', raw('aws_api_gateway_api_key.ingest.id')), attribute('key_type', 'API_KEY'), attribute('usage_plan_id', raw('aws_api_gateway_usage_plan.ingest.id'))]),
      );
    }
    blocks.push(block('output', ['events_url'], [attribute('value', template('${aws_api_gateway_stage.v1.invoke_url}/events'))]));
  }
  blocks.push(
    block('output', ['delivery_stream_name'], [attribute('value', raw('aws_kinesis_firehose_delivery_stream.main.name'))]),
    block('output', ['bucket_name'], [attribute('value', raw('aws_s3_bucket.data.bucket'))]),
  );
  return blocks;
}

/** The configuration as `main.tf` text. */
export function renderTerraform(plan: DeployPlan): string {
  return renderHcl(terraformBlocks(plan));
}
