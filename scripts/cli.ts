#!/usr/bin/env node
/**
 * `npx firehose-kit <command> [options]`: the installed package's command line. Each command is the
 * compiled script that `npm run <command>` runs in this repository, with the same options and exit codes.
 */
import { fileURLToPath } from 'node:url';

/** Command → compiled script (next to this file) and what it does. */
export const COMMANDS: Readonly<Record<string, { readonly script: string; readonly summary: string }>> = {
  transform: { script: 'transform.js', summary: 'replay a file of records through a blueprint as Firehose would, write what lands in S3' },
  schema: { script: 'schema.js', summary: 'pull, infer, check Glue table schemas; render the AWS::Glue::Table resource' },
  'deploy-template': { script: 'deployTemplate.js', summary: 'render a CloudFormation or Terraform stack for a blueprint' },
  inspect: { script: 'inspect.js', summary: 'show the schema, stripes or row groups, statistics and first rows of ORC and Parquet files' },
};

export const USAGE = `usage: npx firehose-kit <command> [options]   (each command answers --help)

commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(16)} ${summary}`)
  .join('\n')}

examples:
  npx firehose-kit transform samples/clickstream.jsonl --blueprint clean-json --out out/
  npx firehose-kit deploy-template --blueprint apache-log-to-json --bucket my-logs > stack.json`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
  process.exitCode = command === undefined ? 2 : 0;
} else {
  const entry = COMMANDS[command];
  if (entry === undefined) {
    process.stderr.write(`firehose-kit: unknown command ${JSON.stringify(command)}; use one of: ${Object.keys(COMMANDS).join(', ')} (npx firehose-kit --help)\n`);
    process.exitCode = 2;
  } else {
    // Each script runs its command line when it is the program's main module, as under `npm run`.
    const target = new URL(entry.script, import.meta.url);
    process.argv = [process.argv[0]!, fileURLToPath(target), ...rest];
    await import(target.href);
  }
}
