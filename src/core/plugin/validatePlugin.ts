/**
 * Parses and validates one plugin file's text: JSON syntax, the JSON Schema
 * (with ajv), then semantic checks. Every problem names the file, the JSON
 * pointer, the line and column, what was expected and how to fix it.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schema from '../../../plugins/plugin.schema.json';
import { lineColumn, locatePointer } from './jsonLocation';
import type { PluginProblem } from './pluginProblem';
import { summariseSchemaErrors } from './schemaErrors';
import { semanticChecks } from './semanticChecks';
import type { PluginFile } from './types';

let validator: ValidateFunction | undefined;

function validateSchema(): ValidateFunction {
  // strict: false because descriptions beside $ref are for editors, not ajv.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

export function parsePluginText(text: string, file: string): { plugin?: PluginFile; problems: PluginProblem[] } {
  const syntax: ParseError[] = [];
  const value = parse(text, syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length > 0) {
    return {
      problems: syntax.slice(0, 5).map((e) => ({
        file,
        pointer: '',
        message: `Invalid JSON: ${printParseErrorCode(e.error)}.`,
        hint: 'Fix the JSON syntax (a missing comma, quote or bracket is the usual cause).',
        severity: 'error' as const,
        ...lineColumn(text, e.offset),
      })),
    };
  }
  const tree = parseTree(text);
  const at = (pointer: string) => locatePointer(text, pointer, tree) ?? {};
  const validate = validateSchema();
  if (!validate(value)) {
    return {
      problems: summariseSchemaErrors(validate.errors ?? []).map((issue) => ({ file, severity: 'error' as const, ...issue, ...at(issue.pointer) })),
    };
  }
  const plugin = value as PluginFile;
  const problems = semanticChecks(plugin).map((issue) => ({ file, severity: 'error' as const, ...issue, ...at(issue.pointer) }));
  return problems.length ? { problems } : { plugin, problems: [] };
}
