import { RUN_FIELDS, type JsonSchema } from './fields.js';

/**
 * The JSON Schema (draft 2020-12) of a scenario file, generated from the field table: one property
 * per field with its description (and default), patterns for durations, rates and latency specs,
 * and no other keys. Published as `scenarios/semsim.schema.json` for editors; semsim itself
 * validates with the field parsers, which are stricter than any pattern.
 */
export function scenarioJsonSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const def of RUN_FIELDS) {
    const description = def.defaultText === undefined ? def.help : `${def.help} (default: ${def.defaultText})`;
    properties[def.key] = { description, ...def.schema };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'semsim scenario',
    description:
      'A semsim run: the semaphore, the traffic and the upstream latency. Every field is optional; ' +
      'flags given on the command line override the file. Generated from src/scenario/fields.ts.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function formatJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
