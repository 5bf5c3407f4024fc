/**
 * A CloudFormation template (JSON) that deploys a plan as it is: the blueprint Lambda from its zip, the
 * delivery stream invoking it, the encrypted bucket, the Glue database and table with partition
 * projection matching the stream's prefixes, log groups with retention, least-privilege roles, and the
 * chosen seed pipeline (Kinesis source, API Gateway front door, CloudWatch Logs subscription filter).
 * Property names follow AWS's published resource schemas; every variant is checked by cfn-lint in tests.
 */
import type { GlueColumn, GlueTable } from '../formats/glue/index.js';
import type { JsonSerDe } from '../formats/serde/index.js';
import type { DeployPlan, OutputFormat } from './options.js';
import { partitionLayout, type PartitionLayout, type PartitionLayoutOptions } from './partitioning.js';
import { apiGatewayRequestTemplate, secretEnvironmentName, STORAGE_FORMATS } from './shared.js';

export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };
export type CfnTemplate = { [key: string]: CfnValue };

const sub = (text: string): CfnValue => ({ 'Fn::Sub': text });
const ref = (name: string): CfnValue => ({ Ref: name });
const getAtt = (resource: string, attribute: string): CfnValue => ({ 'Fn::GetAtt': [resource, attribute] });
const policy = (name: string, statements: CfnValue[]): CfnValue => ({ PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: statements } });
const assumedBy = (service: string, condition?: CfnValue): CfnValue => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition === undefined ? {} : { Condition: condition }) }],
});
const sourceAccount: CfnValue = { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } };

function columns(list: readonly GlueColumn[]): CfnValue[] {
  return list.map((c) => ({ Name: c.name, Type: c.typeString, ...(c.comment === undefined ? {} : { Comment: c.comment }) }));
}

function deserializer(serde: JsonSerDe): CfnValue {
  if (serde.kind === 'hive') return { HiveJsonSerDe: serde.timestampFormats === undefined || serde.timestampFormats.length === 0 ? {} : { TimestampFormats: [...serde.timestampFormats] } };
  const openx: Record<string, CfnValue> = {};
  if (serde.caseInsensitive !== undefined) openx['CaseInsensitive'] = serde.caseInsensitive;
  if (serde.convertDotsInJsonKeysToUnderscores !== undefined) openx['ConvertDotsInJsonKeysToUnderscores'] = serde.convertDotsInJsonKeysToUnderscores;
  if (serde.columnToJsonKeyMappings !== undefined) openx['ColumnToJsonKeyMappings'] = { ...serde.columnToJsonKeyMappings };
  return { OpenXJsonSerDe: openx };
}

function serializer(plan: DeployPlan): CfnValue {
  const properties: Record<string, CfnValue> = {};
  // TimestampEncoding is firehose-kit's own offline option; Firehose always writes its Hive layout.
  for (const [key, value] of Object.entries(plan.serializer)) if (key !== 'TimestampEncoding') properties[key] = Array.isArray(value) ? [...value] : (value as CfnValue);
  return plan.format === 'orc' ? { OrcSerDe: properties } : { ParquetSerDe: properties };
}

/** The AWS::Glue::Table resource over a stream's data: columns, partition keys with projection, Hive storage. */
export function glueTableResource(table: GlueTable, format: OutputFormat, layout: PartitionLayout, databaseName: CfnValue, location: CfnValue): CfnValue {
  const storage = STORAGE_FORMATS[format];
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: ref('AWS::AccountId'),
      DatabaseName: databaseName,
      TableInput: {
        Name: table.name,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: storage.classification, ...layout.projection },
        PartitionKeys: columns(table.partitionKeys),
        StorageDescriptor: {
          Columns: columns(table.columns),
          Location: location,
          InputFormat: storage.inputFormat,
          OutputFormat: storage.outputFormat,
          SerdeInfo: { SerializationLibrary: storage.serializationLibrary },
        },
      },
    },
  };
}

/**
 * A template with just the Glue table (and its database name and bucket as parameters), for a table that
 * an existing stream writes to with deploy/'s layout: `npm run schema -- cfn TABLE`.
 */
export function renderGlueTableTemplate(table: GlueTable, format: OutputFormat, options: PartitionLayoutOptions = {}): CfnTemplate {
  const layout = partitionLayout(table.partitionKeys, options);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `firehose-kit: Glue table ${table.name} over s3://<bucket>/${layout.dataPrefix} (${format}, partition projection for ${layout.keys.map((k) => k.name).join(', ') || 'no partition keys'})`,
    Parameters: {
      DatabaseName: { Type: 'String', Default: table.databaseName || 'firehose_kit', Description: 'An existing Glue database' },
      BucketName: { Type: 'String', Description: 'The bucket the delivery stream writes to' },
    },
    Resources: { GlueTable: glueTableResource(table, format, layout, ref('DatabaseName'), sub(`s3://\${BucketName}/${layout.dataPrefix}`)) },
    Outputs: { TableName: { Value: ref('GlueTable') } },
  };
}

/** The template for a plan (see planDeployment). */
export function renderCloudFormation(plan: DeployPlan): CfnTemplate {
  const conversion = plan.format !== 'json';
  const kinesis = plan.source === 'kinesis';
  const parameters: Record<string, CfnValue> = {
    BucketName: { Type: 'String', Description: 'Name of the S3 bucket this stack creates for the delivered data', AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', ...(plan.bucketName === undefined ? {} : { Default: plan.bucketName }) },
    CodeBucket: { Type: 'String', Description: `S3 bucket holding dist/${plan.blueprint}.zip (npm run build)` },
    CodeKey: { Type: 'String', Default: `${plan.blueprint}.zip`, Description: 'S3 key of that zip' },
  };
  const resources: Record<string, CfnValue> = {};
  const streamArn = getAtt('DeliveryStream', 'Arn');
  const functionLogGroupArn = sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${plan.functionName}:*`);

  // Storage: encrypted, private, TLS only; kept when the stack is deleted.
  resources['Bucket'] = {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      BucketName: ref('BucketName'),
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    },
  };
  resources['BucketPolicy'] = {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: ref('Bucket'),
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [getAtt('Bucket', 'Arn'), sub('${Bucket.Arn}/*')], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      },
    },
  };

  // Secrets: generated in Secrets Manager or read from an existing secret or SecureString at cold start.
  const lambdaStatements: CfnValue[] = [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: functionLogGroupArn }];
  const secretEnvironment: Record<string, CfnValue> = {};
  for (const [name, source] of Object.entries(plan.secrets)) {
    if (source.kind === 'ssm') {
      secretEnvironment[secretEnvironmentName(name, 'ssm')] = source.name;
      lambdaStatements.push({ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${source.name}`) });
    } else {
      const logical = `Secret${name.replaceAll('_', '')}`;
      const arn = source.kind === 'generate' ? ref(logical) : source.arn;
      if (source.kind === 'generate') {
        resources[logical] = {
          Type: 'AWS::SecretsManager::Secret',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: { Description: `firehose-kit ${plan.streamName}: ${name} for the transformation Lambda`, GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true } },
        };
      }
      secretEnvironment[secretEnvironmentName(name, 'secretsmanager')] = arn;
      lambdaStatements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: arn });
    }
  }
  if (plan.reingest) {
    lambdaStatements.push(
      kinesis
        ? { Effect: 'Allow', Action: ['kinesis:PutRecords'], Resource: getAtt('SourceStream', 'Arn') }
        : { Effect: 'Allow', Action: ['firehose:PutRecordBatch'], Resource: sub(`arn:\${AWS::Partition}:firehose:\${AWS::Region}:\${AWS::AccountId}:deliverystream/${plan.streamName}`) },
    );
  }

  // The transformation Lambda.
  resources['TransformFunctionLogGroup'] = {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { LogGroupName: `/aws/lambda/${plan.functionName}`, RetentionInDays: plan.logRetentionDays },
  };
  resources['TransformFunctionRole'] = {
    Type: 'AWS::IAM::Role',
    Properties: { AssumeRolePolicyDocument: assumedBy('lambda.amazonaws.com'), Policies: [policy('transform', lambdaStatements)] },
  };
  resources['TransformFunction'] = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: plan.functionName,
      Description: `firehose-kit blueprint ${plan.blueprint} for ${plan.streamName}`,
      Runtime: plan.runtime,
      Handler: 'index.handler',
      Code: { S3Bucket: ref('CodeBucket'), S3Key: ref('CodeKey') },
      Role: getAtt('TransformFunctionRole', 'Arn'),
      Timeout: plan.timeoutSeconds,
      MemorySize: plan.memoryMb,
      LoggingConfig: { LogGroup: ref('TransformFunctionLogGroup') },
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', ...plan.environment, ...secretEnvironment } },
    },
  };

  // Firehose's own error log.
  resources['DeliveryLogGroup'] = {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { LogGroupName: `/aws/kinesisfirehose/${plan.streamName}`, RetentionInDays: plan.logRetentionDays },
  };
  resources['DeliveryLogStream'] = { Type: 'AWS::Logs::LogStream', Properties: { LogGroupName: ref('DeliveryLogGroup'), LogStreamName: 'DestinationDelivery' } };

  // Kinesis source.
  if (kinesis) {
    resources['SourceStream'] = {
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: `${plan.streamName}-source`,
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
        RetentionPeriodHours: 24,
      },
    };
  }

  // Glue database and table.
  const table = plan.table;
  if (table !== undefined) {
    resources['GlueDatabase'] = {
      Type: 'AWS::Glue::Database',
      Properties: { CatalogId: ref('AWS::AccountId'), DatabaseInput: { Name: plan.databaseName, Description: `firehose-kit: tables over ${plan.streamName}` } },
    };
    resources['GlueTable'] = glueTableResource(table, plan.format, plan.layout, ref('GlueDatabase'), sub(`s3://\${Bucket}/${plan.layout.dataPrefix}`));
  }

  // The delivery stream and its role.
  const deliveryStatements: CfnValue[] = [
    {
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
      Resource: [getAtt('Bucket', 'Arn'), sub('${Bucket.Arn}/*')],
    },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [getAtt('TransformFunction', 'Arn'), sub('${TransformFunction.Arn}:*')] },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/kinesisfirehose/${plan.streamName}:*`) },
  ];
  if (conversion && table !== undefined) {
    deliveryStatements.push({
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      Resource: [
        sub('arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog'),
        sub('arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/${GlueDatabase}'),
        sub(`arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:table/\${GlueDatabase}/${table.name}`),
      ],
    });
  }
  if (kinesis) {
    deliveryStatements.push({ Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], Resource: getAtt('SourceStream', 'Arn') });
  }
  resources['DeliveryStreamRole'] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: assumedBy('firehose.amazonaws.com', { StringEquals: { 'sts:ExternalId': ref('AWS::AccountId') } }),
      Policies: [policy('deliver', deliveryStatements)],
    },
  };
  const processors: CfnValue[] = [
    {
      Type: 'Lambda',
      Parameters: [
        { ParameterName: 'LambdaArn', ParameterValue: getAtt('TransformFunction', 'Arn') },
        { ParameterName: 'BufferSizeInMBs', ParameterValue: String(plan.processing.bufferSizeMb) },
        { ParameterName: 'BufferIntervalInSeconds', ParameterValue: String(plan.processing.bufferIntervalSeconds) },
        { ParameterName: 'NumberOfRetries', ParameterValue: String(plan.processing.numberOfRetries) },
      ],
    },
  ];
  if (plan.appendDelimiter) processors.push({ Type: 'AppendDelimiterToRecord', Parameters: [{ ParameterName: 'Delimiter', ParameterValue: '\\n' }] });
  const destination: Record<string, CfnValue> = {
    BucketARN: getAtt('Bucket', 'Arn'),
    RoleARN: getAtt('DeliveryStreamRole', 'Arn'),
    Prefix: plan.layout.prefix,
    ErrorOutputPrefix: plan.layout.errorOutputPrefix,
    BufferingHints: { SizeInMBs: plan.buffering.sizeMb, IntervalInSeconds: plan.buffering.intervalSeconds },
    CompressionFormat: plan.compression,
    CloudWatchLoggingOptions: { Enabled: true, LogGroupName: ref('DeliveryLogGroup'), LogStreamName: ref('DeliveryLogStream') },
    ProcessingConfiguration: { Enabled: true, Processors: processors },
  };
  if (plan.layout.dynamicPartitioning) destination['DynamicPartitioningConfiguration'] = { Enabled: true, RetryOptions: { DurationInSeconds: 300 } };
  if (conversion) {
    destination['DataFormatConversionConfiguration'] = {
      Enabled: true,
      InputFormatConfiguration: { Deserializer: deserializer(plan.serde) },
      OutputFormatConfiguration: { Serializer: serializer(plan) },
      SchemaConfiguration: { CatalogId: ref('AWS::AccountId'), DatabaseName: ref('GlueDatabase'), TableName: ref('GlueTable'), Region: ref('AWS::Region'), RoleARN: getAtt('DeliveryStreamRole', 'Arn'), VersionId: 'LATEST' },
    };
  }
  resources['DeliveryStream'] = {
    Type: 'AWS::KinesisFirehose::DeliveryStream',
    Properties: {
      DeliveryStreamName: plan.streamName,
      DeliveryStreamType: kinesis ? 'KinesisStreamAsSource' : 'DirectPut',
      // Server-side encryption is set on the Kinesis stream for that source; Firehose allows it only for Direct PUT.
      ...(kinesis
        ? { KinesisStreamSourceConfiguration: { KinesisStreamARN: getAtt('SourceStream', 'Arn'), RoleARN: getAtt('DeliveryStreamRole', 'Arn') } }
        : { DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }),
      ExtendedS3DestinationConfiguration: destination,
    },
  };

  // CloudWatch Logs subscription filter into the stream (or into the Kinesis source).
  if (plan.subscriptionFilter !== undefined) {
    parameters['SourceLogGroupName'] = { Type: 'String', Description: 'Log group whose events the subscription filter sends to the stream' };
    const target = kinesis ? getAtt('SourceStream', 'Arn') : streamArn;
    resources['LogsToStreamRole'] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: assumedBy('logs.amazonaws.com', { StringLike: { 'aws:SourceArn': sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*') } }),
        Policies: [policy('put-records', [{ Effect: 'Allow', Action: kinesis ? ['kinesis:PutRecord'] : ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: target }])],
      },
    };
    resources['LogsSubscriptionFilter'] = {
      Type: 'AWS::Logs::SubscriptionFilter',
      Properties: { LogGroupName: ref('SourceLogGroupName'), FilterPattern: plan.subscriptionFilter.filterPattern, DestinationArn: target, RoleArn: getAtt('LogsToStreamRole', 'Arn') },
    };
  }

  // API Gateway front door: POST /events writes the request body as one record, with no Lambda in front.
  const outputs: Record<string, CfnValue> = {
    DeliveryStreamName: { Value: ref('DeliveryStream') },
    TransformFunctionArn: { Value: getAtt('TransformFunction', 'Arn') },
    BucketName: { Value: ref('Bucket') },
  };
  if (table !== undefined) outputs['GlueTableName'] = { Value: sub('${GlueDatabase}.${GlueTable}') };
  if (kinesis) outputs['SourceStreamName'] = { Value: ref('SourceStream') };
  const api = plan.apiGateway;
  if (api !== undefined) {
    const toKinesis = api.target === 'kinesis';
    resources['ApiRole'] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: assumedBy('apigateway.amazonaws.com', sourceAccount),
        Policies: [policy('put-record', [{ Effect: 'Allow', Action: toKinesis ? ['kinesis:PutRecord'] : ['firehose:PutRecord'], Resource: toKinesis ? getAtt('SourceStream', 'Arn') : streamArn }])],
      },
    };
    resources['Api'] = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: `${plan.streamName}-ingest`, Description: `POST /events into ${plan.streamName}`, EndpointConfiguration: { Types: ['REGIONAL'] } } };
    resources['ApiEventsResource'] = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: ref('Api'), ParentId: getAtt('Api', 'RootResourceId'), PathPart: 'events' } };
    resources['ApiBodyValidator'] = { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: ref('Api'), Name: 'body', ValidateRequestBody: true, ValidateRequestParameters: false } };
    resources['ApiEventModel'] = {
      Type: 'AWS::ApiGateway::Model',
      Properties: { RestApiId: ref('Api'), Name: 'Event', ContentType: 'application/json', Schema: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Event', type: 'object' } },
    };
    const integrationUri = sub(`arn:\${AWS::Partition}:apigateway:\${AWS::Region}:${toKinesis ? 'kinesis' : 'firehose'}:action/PutRecord`);
    resources['ApiPostEvents'] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: ref('Api'),
        ResourceId: ref('ApiEventsResource'),
        HttpMethod: 'POST',
        AuthorizationType: api.authorization === 'iam' ? 'AWS_IAM' : 'NONE',
        ApiKeyRequired: api.authorization === 'api-key',
        RequestValidatorId: ref('ApiBodyValidator'),
        RequestModels: { 'application/json': ref('ApiEventModel') },
        Integration: {
          Type: 'AWS',
          IntegrationHttpMethod: 'POST',
          Uri: integrationUri,
          Credentials: getAtt('ApiRole', 'Arn'),
          PassthroughBehavior: 'NEVER',
          RequestParameters: { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" },
          RequestTemplates: { 'application/json': sub(apiGatewayRequestTemplate(api.target, toKinesis ? '${SourceStream}' : '${DeliveryStream}')) },
          IntegrationResponses: [
            { StatusCode: '200', ResponseTemplates: { 'application/json': '{"accepted":true}' } },
            { StatusCode: '400', SelectionPattern: '4\\d{2}', ResponseTemplates: { 'application/json': '{"accepted":false}' } },
            { StatusCode: '500', SelectionPattern: '5\\d{2}', ResponseTemplates: { 'application/json': '{"accepted":false}' } },
          ],
        },
        MethodResponses: [{ StatusCode: '200' }, { StatusCode: '400' }, { StatusCode: '500' }],
      },
    };
    resources['ApiDeployment'] = { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['ApiPostEvents'], Properties: { RestApiId: ref('Api') } };
    resources['ApiStage'] = {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: ref('Api'),
        DeploymentId: ref('ApiDeployment'),
        StageName: 'v1',
        MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: api.rateLimit, ThrottlingBurstLimit: api.burstLimit }],
      },
    };
    if (api.authorization === 'api-key') {
      resources['ApiKey'] = { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true, Description: `firehose-kit ${plan.streamName} ingest key` } };
      resources['ApiUsagePlan'] = {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: { ApiStages: [{ ApiId: ref('Api'), Stage: ref('ApiStage') }], Throttle: { RateLimit: api.rateLimit, BurstLimit: api.burstLimit } },
      };
      resources['ApiUsagePlanKey'] = { Type: 'AWS::ApiGateway::UsagePlanKey', Properties: { KeyId: ref('ApiKey'), KeyType: 'API_KEY', UsagePlanId: ref('ApiUsagePlan') } };
      outputs['ApiKeyId'] = { Value: ref('ApiKey') };
    }
    outputs['EventsUrl'] = { Value: sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${ApiStage}/events') };
  }

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `firehose-kit: blueprint ${plan.blueprint} as the transformation Lambda of ${plan.streamName}, delivering ${plan.format === 'json' ? 'JSON lines' : plan.format} to S3`,
    Parameters: parameters,
    Resources: resources,
    Outputs: outputs,
  };
}
