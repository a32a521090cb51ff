/**
 * Template strings of plugin files: `{source.name|filter:arg|…}`.
 * Sources: `config.x`, `secret.x`, `file.name|stem|ext|size|mime`,
 * `random.uuid|digitsN|alnumN`, `now.unix|ms`, or a bare extracted value
 * (`{sessId}`; `{galleryId?}` is empty when missing). `{{` and `}}` are
 * literal braces. Error messages name what is missing, never a secret value.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { fail, ok, uploadError, type Result, type UploadError } from './errors';

export interface TemplateFile {
  readonly name: string;
  readonly stem: string;
  readonly ext: string;
  readonly size: number;
  readonly mime: string;
}

export interface TemplateContext {
  readonly config: Record<string, string | number | boolean>;
  readonly secret: Record<string, string>;
  readonly file?: TemplateFile;
  readonly vars: Record<string, string>;
  readonly maps: Record<string, Record<string, string>>;
}

export type TemplateSource = 'config' | 'secret' | 'file' | 'var' | 'random' | 'now';

export interface TemplateFilter {
  readonly name: string;
  readonly arg?: string;
}

export interface TemplateReference {
  readonly source: TemplateSource;
  readonly name: string;
  readonly optional: boolean;
  readonly filters: TemplateFilter[];
  readonly raw: string;
}

export const FILTERS = ['map', 'md5', 'sha1', 'urlencode', 'lower', 'upper', 'trim', 'default', 'ifEmpty', 'ifSet', 'not', 'replace'] as const;
const FILE_FIELDS = new Set(['name', 'stem', 'ext', 'size', 'mime']);
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

type Piece = string | TemplateReference;

function parseExpression(raw: string): Result<TemplateReference> {
  const [head, ...filterTexts] = raw.split('|');
  const optional = head.endsWith('?');
  const path = (optional ? head.slice(0, -1) : head).trim();
  const dot = path.indexOf('.');
  const prefix = dot > 0 ? path.slice(0, dot) : '';
  const source: TemplateSource = (['config', 'secret', 'file', 'random', 'now'] as const).find((s) => s === prefix) ?? 'var';
  const name = source === 'var' ? path : path.slice(dot + 1);
  if (!/^[\w.\-[\]]+$/.test(name)) return fail(uploadError('pluginInvalid', `The template expression "{${raw}}" has no valid name.`));
  const filters: TemplateFilter[] = [];
  for (const text of filterTexts) {
    const colon = text.indexOf(':');
    const filterName = (colon >= 0 ? text.slice(0, colon) : text).trim();
    if (!(FILTERS as readonly string[]).includes(filterName)) {
      return fail(uploadError('pluginInvalid', `The template "{${raw}}" uses an unknown filter "${filterName}" (known: ${FILTERS.join(', ')}).`));
    }
    filters.push(colon >= 0 ? { name: filterName, arg: text.slice(colon + 1) } : { name: filterName });
  }
  return ok({ source, name, optional, filters, raw });
}

const cache = new Map<string, Result<Piece[]>>();

function parseTemplate(template: string): Result<Piece[]> {
  const hit = cache.get(template);
  if (hit) return hit;
  const pieces: Piece[] = [];
  let text = '';
  let result: Result<Piece[]> | undefined;
  for (let i = 0; i < template.length && !result; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) {
        result = fail(uploadError('pluginInvalid', `The template "${template}" has a "{" without its "}".`));
        break;
      }
      const expression = parseExpression(template.slice(i + 1, end));
      if (!expression.ok) result = expression;
      else {
        if (text) pieces.push(text);
        text = '';
        pieces.push(expression.value);
        i = end;
      }
    } else if (c === '}') {
      result = fail(uploadError('pluginInvalid', `The template "${template}" has a "}" without its "{" (write "}}" for a literal brace).`));
    } else {
      text += c;
    }
  }
  if (!result) {
    if (text) pieces.push(text);
    result = ok(pieces);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(template, result);
  return result;
}

/** Every `{…}` a template refers to; the plugin validator checks them against the settings. */
export function templateReferences(template: string): Result<TemplateReference[]> {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed;
  return ok(parsed.value.filter((p): p is TemplateReference => typeof p !== 'string'));
}

function randomValue(name: string): string | undefined {
  if (name === 'uuid') return randomUUID();
  const match = /^(digits|alnum)(\d{1,2})$/.exec(name);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 64) return undefined;
  const alphabet = match[1] === 'digits' ? '0123456789' : ALNUM;
  return Array.from({ length: Number(match[2]) }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function lookup(ref: TemplateReference, ctx: TemplateContext, template: string): Result<string> {
  const missing = (kind: 'configInvalid' | 'extractFailed', what: string) =>
    ref.optional ? ok('') : fail(uploadError(kind, `The template "${template}" needs ${what}, which is not available.`));
  switch (ref.source) {
    case 'config': {
      const value = ctx.config[ref.name];
      return value === undefined ? missing('configInvalid', `the setting "${ref.name}"`) : ok(String(value));
    }
    case 'secret': {
      const value = ctx.secret[ref.name];
      return value === undefined ? missing('configInvalid', `the secret "${ref.name}"`) : ok(value);
    }
    case 'file':
      if (!ctx.file || !FILE_FIELDS.has(ref.name)) return missing('configInvalid', `the file's ${ref.name}`);
      return ok(String(ctx.file[ref.name as keyof TemplateFile]));
    case 'random': {
      const value = randomValue(ref.name);
      return value === undefined ? fail(uploadError('pluginInvalid', `"{random.${ref.name}}" is not a random source (use uuid, digitsN or alnumN).`)) : ok(value);
    }
    case 'now':
      if (ref.name === 'unix') return ok(String(Math.floor(Date.now() / 1000)));
      if (ref.name === 'ms') return ok(String(Date.now()));
      return fail(uploadError('pluginInvalid', `"{now.${ref.name}}" is not a time source (use unix or ms).`));
    case 'var': {
      const value = ctx.vars[ref.name];
      return value === undefined ? missing('extractFailed', `the value "${ref.name}" from an earlier step`) : ok(value);
    }
  }
}

function applyFilter(value: string, filter: TemplateFilter, ctx: TemplateContext, ref: TemplateReference): Result<string> {
  const arg = filter.arg ?? '';
  switch (filter.name) {
    case 'map': {
      const map = ctx.maps[arg];
      if (!map) return fail(uploadError('pluginInvalid', `The template "{${ref.raw}}" uses the map "${arg}", which the plugin does not define.`));
      if (!(value in map)) {
        const shown = ref.source === 'secret' ? 'its value' : `"${value}"`;
        return fail(uploadError('configInvalid', `The map "${arg}" has no entry for ${shown} (known: ${Object.keys(map).join(', ')}).`));
      }
      return ok(map[value]);
    }
    case 'md5':
      return ok(createHash('md5').update(value, 'utf8').digest('hex'));
    case 'sha1':
      return ok(createHash('sha1').update(value, 'utf8').digest('hex'));
    case 'urlencode':
      return ok(encodeURIComponent(value));
    case 'lower':
      return ok(value.toLowerCase());
    case 'upper':
      return ok(value.toUpperCase());
    case 'trim':
      return ok(value.trim());
    case 'default':
      return ok(value === '' ? arg : value);
    case 'ifEmpty':
      return ok(value === '' ? arg : '');
    case 'ifSet':
      return ok(value === '' ? '' : arg);
    case 'not':
      // The inverse of a switch: blank or an unchecked checkbox turns it on.
      return ok(value.trim() === '' || value === 'false' ? 'true' : '');
    case 'replace': {
      const colon = arg.indexOf(':');
      if (colon < 0) return fail(uploadError('pluginInvalid', `The filter "replace" in "{${ref.raw}}" needs FROM:TO.`));
      return ok(value.split(arg.slice(0, colon)).join(arg.slice(colon + 1)));
    }
    default:
      return fail(uploadError('pluginInvalid', `Unknown filter "${filter.name}".`));
  }
}

export function renderTemplate(template: string, ctx: TemplateContext): Result<string> {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed;
  let out = '';
  for (const piece of parsed.value) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    let value = lookup(piece, ctx, template);
    for (const filter of piece.filters) {
      if (!value.ok) break;
      value = applyFilter(value.value, filter, ctx, piece);
    }
    if (!value.ok) return value as { ok: false; error: UploadError };
    out += value.value;
  }
  return ok(out);
}
