/**
 * A structural check of Terraform blocks against a provider schema (`terraform providers schema -json`
 * output, kept as a fixture): every resource and data type exists; every attribute is one the provider
 * lets a configuration set (not computed-only); every nested block type exists, within its min/max items;
 * every required attribute is given. Meta-arguments (depends_on, count, …) are allowed everywhere.
 */
import type { HclBlock, HclEntry } from '../../deploy/hcl.js';

interface SchemaAttribute { readonly required?: boolean; readonly optional?: boolean; readonly computed?: boolean }
interface SchemaBlockType { readonly nesting_mode: string; readonly min_items?: number; readonly max_items?: number; readonly block: SchemaBlock }
interface SchemaBlock { readonly attributes?: Readonly<Record<string, SchemaAttribute>>; readonly block_types?: Readonly<Record<string, SchemaBlockType>> }
export interface ProviderSchema {
  readonly resource_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
  readonly data_source_schemas: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

const META_ARGUMENTS = new Set(['depends_on', 'count', 'for_each', 'provider', 'lifecycle']);

function checkBody(body: readonly HclEntry[], schema: SchemaBlock, path: string, problems: string[]): void {
  const attributes = schema.attributes ?? {};
  const blockTypes = schema.block_types ?? {};
  const given = new Set<string>();
  const blockCounts = new Map<string, number>();
  for (const entry of body) {
    if ('attribute' in entry) {
      given.add(entry.attribute);
      if (META_ARGUMENTS.has(entry.attribute)) continue;
      const attribute = attributes[entry.attribute];
      if (attribute === undefined) problems.push(`${path}: unknown argument ${entry.attribute}`);
      else if (attribute.computed === true && attribute.optional !== true && attribute.required !== true) problems.push(`${path}: ${entry.attribute} is read-only (computed)`);
    } else {
      const type = blockTypes[entry.block.type];
      blockCounts.set(entry.block.type, (blockCounts.get(entry.block.type) ?? 0) + 1);
      if (type === undefined) problems.push(`${path}: unknown block ${entry.block.type}`);
      else checkBody(entry.block.body, type.block, `${path}.${entry.block.type}`, problems);
    }
  }
  for (const [name, attribute] of Object.entries(attributes)) if (attribute.required === true && !given.has(name)) problems.push(`${path}: required argument ${name} is missing`);
  for (const [name, type] of Object.entries(blockTypes)) {
    const count = blockCounts.get(name) ?? 0;
    if (type.min_items !== undefined && count < type.min_items) problems.push(`${path}: needs at least ${type.min_items} ${name} block(s)`);
    if (type.max_items !== undefined && type.max_items > 0 && count > type.max_items) problems.push(`${path}: at most ${type.max_items} ${name} block(s)`);
  }
}

/** Every problem found, as `resource.type.name: …` lines; empty when the blocks fit the schema. */
export function checkTerraformBlocks(blocks: readonly HclBlock[], schema: ProviderSchema): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    if (block.type !== 'resource' && block.type !== 'data') continue;
    const [type, name] = block.labels;
    const schemas = block.type === 'resource' ? schema.resource_schemas : schema.data_source_schemas;
    const entry = type === undefined ? undefined : schemas[type];
    if (entry === undefined) {
      problems.push(`${block.type}.${type ?? '?'}: no such ${block.type === 'resource' ? 'resource' : 'data source'} type in the provider`);
      continue;
    }
    checkBody(block.body, entry.block, `${block.type}.${type}.${name ?? '?'}`, problems);
  }
  return problems;
}
