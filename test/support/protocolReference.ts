/**
 * The README's protocol reference, generated from the schemas so it cannot drift: the events with
 * their payloads and results, the commands with their effects, the reasons a request is refused,
 * and the shape of the state. `npm run docs` rewrites the README's generated sections; a unit test
 * fails when they differ from what this makes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { asidePayloadSchema, asideResultSchema, asideSchema, asidesViewSchema } from '../../shared/asidesSchema.ts';
import { clinicStateSchema } from '../../shared/clinicStateSchema.ts';
import { ERROR_CODES, TOKEN_PATTERN } from '../../shared/protocol.ts';
import {
  clinicCommandSchema,
  clinicPreviewSchema,
  clockReadingSchema,
  commandPayloadSchema,
  commandResultSchema,
  createClinicSchema,
  createdClinicSchema,
  joinClinicSchema,
  joinedClinicSchema,
  previewClinicSchema,
  rosterCommandSchema,
} from '../../shared/protocolSchemas.ts';
import {
  deleteSealedSchema,
  deletedSealedSchema,
  dismissLastTimeSchema,
  fetchInboxSchema,
  harvestOverviewRequestSchema,
  harvestOverviewSchema,
  inboxSchema,
  lastTimeRequestSchema,
  lastTimeSchema,
  publishedKeySchema,
  publishKeySchema,
  sendSealedSchema,
  sentSealedSchema,
} from '../../shared/harvestSchemas.ts';
import { REASONS } from '../../shared/reasons.ts';
import {
  createCrewSchema,
  createdCrewSchema,
  crewCommandPayloadSchema,
  crewCommandResultSchema,
  crewCommandSchema,
  crewGoneSchema,
  crewPairedSchema,
  crewViewSchema,
  joinCrewSchema,
  previewCrewSchema,
  crewPreviewSchema,
  joinedCrewSchema,
  pairingCodeRequestSchema,
  pairingCodeSchema,
  sessionStartedSchema,
} from '../../shared/crewProtocolSchemas.ts';

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
};

const SAFE = Number.MAX_SAFE_INTEGER;

function range({ minimum, maximum }: JsonSchema): string {
  const low = minimum === undefined || minimum <= -SAFE ? undefined : minimum;
  const high = maximum === undefined || maximum >= SAFE ? undefined : maximum;
  if (low === undefined && high === undefined) return '';
  if (high === undefined) return ` ≥ ${low}`;
  return low === undefined ? ` ≤ ${high}` : ` ${low} to ${high}`;
}

/** A schema as TypeScript-like text; objects on one line unless `indent` is given. */
function render(schema: JsonSchema, indent?: string): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.map((alternative) => render(alternative, indent)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => render({ ...schema, type }, indent)).join(' | ');
  switch (schema.type) {
    case 'object': {
      if (!schema.properties && typeof schema.additionalProperties === 'object') return `{ [key]: ${render(schema.additionalProperties)} }`;
      const fields = Object.entries(schema.properties ?? {}).map(
        ([name, field]) => `${name}${schema.required?.includes(name) ? '' : '?'}: ${render(field, indent === undefined ? undefined : `${indent}  `)}`,
      );
      if (fields.length === 0) return '{}';
      if (indent === undefined) return `{ ${fields.join(', ')} }`;
      return `{\n${fields.map((field) => `${indent}  ${field}`).join(',\n')}\n${indent}}`;
    }
    case 'array':
      return `${render(schema.items ?? {}, indent)}[]`;
    case 'string':
      return schema.pattern === TOKEN_PATTERN.source ? 'token' : 'string';
    case 'integer':
      return `integer${range(schema)}`;
    case 'number':
      return `number${range(schema)}`;
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    default:
      return 'unknown';
  }
}

const inputOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const outputOf = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema;
const cell = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;

function eventsTable(): string {
  const rows: Array<[string, string, string]> = [
    ['clinic:create', render(inputOf(createClinicSchema)), render(outputOf(createdClinicSchema))],
    ['clinic:preview', render(inputOf(previewClinicSchema)), render(outputOf(clinicPreviewSchema))],
    ['clinic:join', render(inputOf(joinClinicSchema)), render(outputOf(joinedClinicSchema))],
    ['clinic:command', render(inputOf(commandPayloadSchema)).replace(/command: [^]*?, basedOnRevision/, 'command, basedOnRevision'), render(outputOf(commandResultSchema))],
    ['clinic:aside', render(inputOf(asidePayloadSchema)).replace(/aside: [^]*? \}$/, 'aside }'), render(outputOf(asideResultSchema))],
    ['clock:ping', 'none', render(outputOf(clockReadingSchema))],
    ['harvest:publishKey', render(inputOf(publishKeySchema)), render(outputOf(publishedKeySchema))],
    ['harvest:overview', render(inputOf(harvestOverviewRequestSchema)), render(outputOf(harvestOverviewSchema))],
    ['harvest:send', render(inputOf(sendSealedSchema)), render(outputOf(sentSealedSchema))],
    ['harvest:fetch', render(inputOf(fetchInboxSchema)), render(outputOf(inboxSchema))],
    ['harvest:delete', render(inputOf(deleteSealedSchema)), render(outputOf(deletedSealedSchema))],
    ['harvest:lastTime', render(inputOf(lastTimeRequestSchema)), render(outputOf(lastTimeSchema))],
    ['harvest:dismissLastTime', render(inputOf(dismissLastTimeSchema)), render(outputOf(deletedSealedSchema))],
    ['crew:create', render(inputOf(createCrewSchema)), render(outputOf(createdCrewSchema))],
    ['crew:preview', render(inputOf(previewCrewSchema)), render(outputOf(crewPreviewSchema))],
    ['crew:join', render(inputOf(joinCrewSchema)), render(outputOf(joinedCrewSchema))],
    ['crew:command', render(inputOf(crewCommandPayloadSchema)).replace(/command: [^]*? \}$/, 'command }'), render(outputOf(crewCommandResultSchema))],
    ['crew:pairingCode', render(inputOf(pairingCodeRequestSchema)), render(outputOf(pairingCodeSchema))],
  ];
  return [
    '| event | payload | `data` on success |',
    '| --- | --- | --- |',
    ...rows.map(([event, payload, data]) => `| \`${event}\` | ${payload === 'none' ? 'none' : cell(payload)} | ${cell(data)} |`),
  ].join('\n');
}

function commandsTable(schema: z.ZodDiscriminatedUnion, field = 'command'): string {
  const options = (outputOf(schema).oneOf ?? []) as JsonSchema[];
  return [`| \`${field}\` | effect |`, '| --- | --- |', ...options.map((option) => `| ${cell(render({ ...option, description: undefined }))} | ${option.description ?? ''} |`)].join('\n');
}

function reasonsTable(): string {
  const byCode = ERROR_CODES.flatMap((code) => Object.entries(REASONS).filter(([, entry]) => entry.code === code));
  return ['| `code` | `reason` | sentence |', '| --- | --- | --- |', ...byCode.map(([reason, { code, message }]) => `| \`${code}\` | \`${reason}\` | ${message} |`)].join('\n');
}

/** Each generated section of the README, by the name its markers carry. */
export function generatedSections(): Record<string, string> {
  return {
    events: eventsTable(),
    'clinic-commands': commandsTable(clinicCommandSchema),
    'roster-commands': commandsTable(rosterCommandSchema),
    asides: commandsTable(asideSchema, 'aside'),
    'crew-commands': commandsTable(crewCommandSchema),
    'crew-notices': ['```ts', `CrewGone = ${render(outputOf(crewGoneSchema))}`, `SessionStarted = ${render(outputOf(sessionStartedSchema))}`, `CrewPaired = ${render(outputOf(crewPairedSchema))}`, '```'].join('\n'),
    'crew-view': ['```ts', `CrewView = ${render(outputOf(crewViewSchema), '')}`, '```'].join('\n'),
    reasons: reasonsTable(),
    'asides-view': ['```ts', `AsidesView = ${render(outputOf(asidesViewSchema), '')}`, '```'].join('\n'),
    state: ['```ts', `ClinicState = ${render(outputOf(clinicStateSchema), '')}`, '```'].join('\n'),
  };
}

export const README_PATH = join(import.meta.dirname, '../../README.md');

/** `readme` with every generated section replaced by what the schemas say now. */
export function withGeneratedSections(readme: string): string {
  let result = readme;
  for (const [name, content] of Object.entries(generatedSections())) {
    const start = `<!-- generated: ${name} (npm run docs) -->`;
    const end = `<!-- end generated: ${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md lacks the markers of the generated section "${name}"`);
    result = `${result.slice(0, from + start.length)}\n${content}\n${result.slice(to)}`;
  }
  return result;
}

if (process.argv.includes('--write')) {
  writeFileSync(README_PATH, withGeneratedSections(readFileSync(README_PATH, 'utf8')));
}
