import type { ErrorObject } from 'ajv';

/**
 * Turns ajv's errors into one message and hint per failing place. ajv
 * reports every branch of a `oneOf`; the deepest, most specific error is
 * the one that tells a plugin author what to change.
 */
export interface SchemaIssue {
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'if', 'allOf']);

function describe(error: ErrorObject): SchemaIssue {
  const p = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { pointer: at, message: `"${p.missingProperty}" is required here.`, hint: `Add "${p.missingProperty}" (see docs/plugins.md).` };
    case 'additionalProperties':
      return {
        pointer: `${at}/${String(p.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: `"${p.additionalProperty}" is not a known property here.`,
        hint: 'Check its spelling, or remove it; the editor lists the allowed properties.',
      };
    case 'enum':
      return { pointer: at, message: `Expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`, hint: 'Use one of the listed values.' };
    case 'const':
      return { pointer: at, message: `Expected ${JSON.stringify(p.allowedValue)}.`, hint: `Set it to ${JSON.stringify(p.allowedValue)}.` };
    case 'type':
      return { pointer: at, message: `Expected ${p.type}.`, hint: `Write a ${p.type} here.` };
    case 'pattern':
      if (at.match(/\/(rule|errorMessage|items|value|label)$/) || /\/extract\//.test(at)) {
        return { pointer: at, message: 'This is not an extraction rule.', hint: 'Rules start with json:, css:, regex:, header: or query:, or are url, status or body.' };
      }
      return { pointer: at, message: `Does not match the pattern ${p.pattern}.`, hint: 'See the field description for the allowed form.' };
    case 'minItems':
      return { pointer: at, message: `Needs at least ${p.limit} item(s).`, hint: 'Add an item, or remove the property.' };
    default:
      return { pointer: at, message: error.message ?? `Fails ${error.keyword}.`, hint: 'See docs/plugins.md for this field.' };
  }
}

export function summariseSchemaErrors(errors: readonly ErrorObject[]): SchemaIssue[] {
  const concrete = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const pool = concrete.length ? concrete : [...errors];
  // Deepest first: the innermost failure is the actionable one.
  const sorted = [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of sorted) {
    const issue = describe(error);
    if (seen.has(issue.pointer)) continue;
    // A body that fails every oneOf branch reports each branch's "required"; keep the clearest.
    if ([...seen].some((p) => p.startsWith(`${issue.pointer}/`))) continue;
    seen.add(issue.pointer);
    issues.push(issue);
  }
  return issues.slice(0, 20);
}
