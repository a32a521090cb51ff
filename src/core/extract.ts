/**
 * Reads values out of a host's answer by rule: `json:a.b[0]`, `css:sel@attr`
 * (or `@text`, `@html`), `regex:…` (first capture group), `header:name`,
 * `url` (final URL), `status`, `body`, `query:name` (of the final URL).
 * Bodies are parsed lazily, once per response.
 */
import * as cheerio from 'cheerio';
import { fail, ok, uploadError, type Result } from './errors';
import type { ExtractRule, ExtractSpec, Matcher } from './plugin/types';

export interface ResponseView {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly url: string;
  readonly body: string;
}

interface Parsed {
  json?: { ok: true; value: unknown } | { ok: false };
  html?: cheerio.CheerioAPI;
}

const parsedCache = new WeakMap<ResponseView, Parsed>();

function parsed(view: ResponseView): Parsed {
  let entry = parsedCache.get(view);
  if (!entry) parsedCache.set(view, (entry = {}));
  return entry;
}

function jsonOf(view: ResponseView): { ok: true; value: unknown } | { ok: false } {
  const entry = parsed(view);
  if (!entry.json) {
    try {
      entry.json = { ok: true, value: JSON.parse(view.body) };
    } catch {
      entry.json = { ok: false };
    }
  }
  return entry.json;
}

function htmlOf(view: ResponseView): cheerio.CheerioAPI {
  const entry = parsed(view);
  entry.html ??= cheerio.load(view.body);
  return entry.html;
}

export const excerpt = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, 200);

/**
 * Names an answer that is not the JSON a plugin's rules expect, so the user
 * reads "an HTML page ("Maintenance")" rather than a bare status; undefined
 * when the body is valid JSON.
 */
export function describeNonJson(view: ResponseView): string | undefined {
  if (jsonOf(view).ok) return undefined;
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(view.body) || /<\/(html|body|div|p|h1)>/i.test(view.body)) {
    const title = htmlOf(view)('title').first().text().trim() || htmlOf(view)('h1').first().text().trim();
    return `an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''} where JSON was expected`;
  }
  return view.body.trim() === '' ? 'an empty answer where JSON was expected' : 'text that is not valid JSON (cut off or garbled)';
}

/** `data.items[0].url` → ['data', 'items', 0, 'url'] */
function jsonPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const segment of path.replace(/^\$\.?/, '').split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!match) {
      parts.push(segment);
      continue;
    }
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

interface ParsedRule {
  kind: 'json' | 'css' | 'regex' | 'header' | 'query' | 'url' | 'status' | 'body';
  arg: string;
}

function parseRule(rule: ExtractRule): Result<ParsedRule> {
  if (rule === 'url' || rule === 'status' || rule === 'body') return ok({ kind: rule, arg: '' });
  const colon = rule.indexOf(':');
  const kind = rule.slice(0, colon);
  if (colon > 0 && ['json', 'css', 'regex', 'header', 'query'].includes(kind) && rule.length > colon + 1) {
    return ok({ kind: kind as ParsedRule['kind'], arg: rule.slice(colon + 1) });
  }
  return fail(uploadError('pluginInvalid', `"${rule}" is not an extraction rule (json:, css:, regex:, header:, query:, url, status or body).`));
}

function splitCss(arg: string): { selector: string; take: string } {
  const at = arg.lastIndexOf('@');
  // An @ inside brackets belongs to the selector (e.g. [href*="@"]).
  if (at > 0 && !arg.slice(at).includes(']')) return { selector: arg.slice(0, at).trim(), take: arg.slice(at + 1).trim() };
  return { selector: arg.trim(), take: 'text' };
}

function cssTake($: cheerio.CheerioAPI, el: Parameters<cheerio.CheerioAPI>[0], take: string): string | undefined {
  const node = $(el);
  if (take === 'text') return node.text().trim();
  if (take === 'html') return node.html() ?? undefined;
  return node.attr(take);
}

function compile(pattern: string): Result<RegExp> {
  try {
    return ok(new RegExp(pattern, 'g'));
  } catch (error) {
    return fail(uploadError('pluginInvalid', `The regular expression "${pattern}" is invalid: ${(error as Error).message}`));
  }
}

/** All values a rule finds (for dropdown items); css without @ gives each element's outer HTML. */
export function extractAll(rule: ExtractRule, view: ResponseView): Result<string[]> {
  const parsedRule = parseRule(rule);
  if (!parsedRule.ok) return parsedRule;
  const { kind, arg } = parsedRule.value;
  switch (kind) {
    case 'css': {
      const $ = htmlOf(view);
      const hasTake = arg.lastIndexOf('@') > 0 && !arg.slice(arg.lastIndexOf('@')).includes(']');
      const { selector, take } = splitCss(arg);
      try {
        return ok(
          $(selector)
            .toArray()
            .map((el) => (hasTake ? cssTake($, el, take) : $.html(el)))
            .filter((v): v is string => v !== undefined),
        );
      } catch (error) {
        return fail(uploadError('pluginInvalid', `The CSS selector "${selector}" is invalid: ${(error as Error).message}`));
      }
    }
    case 'regex': {
      const re = compile(arg);
      if (!re.ok) return re;
      return ok([...view.body.matchAll(re.value)].map((m) => m[1] ?? m[0]));
    }
    case 'json': {
      const json = jsonOf(view);
      if (!json.ok) return ok([]);
      let value: unknown = json.value;
      for (const part of jsonPath(arg)) value = (value as Record<string | number, unknown> | undefined)?.[part];
      if (Array.isArray(value)) return ok(value.map(stringify).filter((v): v is string => v !== undefined));
      const single = stringify(value);
      return ok(single === undefined ? [] : [single]);
    }
    default: {
      const one = extractValue(rule, view);
      if (!one.ok) return one;
      return ok(one.value === undefined ? [] : [one.value]);
    }
  }
}

/** The first value a rule finds, or undefined when it finds none. */
export function extractValue(rule: ExtractRule, view: ResponseView): Result<string | undefined> {
  const parsedRule = parseRule(rule);
  if (!parsedRule.ok) return parsedRule;
  const { kind, arg } = parsedRule.value;
  switch (kind) {
    case 'url':
      return ok(view.url);
    case 'status':
      return ok(String(view.status));
    case 'body':
      return ok(view.body);
    case 'header': {
      const value = view.headers[arg.toLowerCase()];
      return ok(Array.isArray(value) ? value[0] : value);
    }
    case 'query': {
      try {
        return ok(new URL(view.url).searchParams.get(arg) ?? undefined);
      } catch {
        return ok(undefined);
      }
    }
    case 'json': {
      const json = jsonOf(view);
      if (!json.ok) return ok(undefined);
      let value: unknown = json.value;
      for (const part of jsonPath(arg)) value = (value as Record<string | number, unknown> | undefined)?.[part];
      return ok(stringify(value));
    }
    case 'css': {
      const { selector, take } = splitCss(arg);
      const $ = htmlOf(view);
      try {
        const first = $(selector).first();
        return ok(first.length ? cssTake($, first[0], take) : undefined);
      } catch (error) {
        return fail(uploadError('pluginInvalid', `The CSS selector "${selector}" is invalid: ${(error as Error).message}`));
      }
    }
    case 'regex': {
      const re = compile(arg);
      if (!re.ok) return re;
      const match = new RegExp(re.value.source).exec(view.body);
      return ok(match ? (match[1] ?? match[0]) : undefined);
    }
  }
}

/** Runs a step's `extract` map; a required value that is missing fails naming it. */
export function runExtractions(spec: Record<string, ExtractRule | ExtractSpec>, view: ResponseView): Result<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(spec)) {
    const { rule, required = true } = typeof entry === 'string' ? { rule: entry } : entry;
    const value = extractValue(rule, view);
    if (!value.ok) return value;
    if (value.value === undefined || (required && value.value === '')) {
      if (!required) {
        out[name] = '';
        continue;
      }
      const notJson = rule.startsWith('json:') && !jsonOf(view).ok;
      return fail(
        uploadError(
          'extractFailed',
          notJson
            ? `The host answered HTTP ${view.status} with something other than JSON where "${name}" was expected.`
            : `Could not find "${name}" (${rule}) in the host's answer (HTTP ${view.status}).`,
          { cause: excerpt(view.body), status: view.status },
        ),
      );
    }
    out[name] = value.value;
  }
  return ok(out);
}

function matches(matcher: Matcher, view: ResponseView): boolean {
  let result: boolean;
  if (matcher.equals !== undefined || matcher.matches !== undefined) {
    const value = extractValue(matcher.rule, view);
    const found = value.ok ? value.value : undefined;
    result = matcher.equals !== undefined ? found === matcher.equals : found !== undefined && new RegExp(matcher.matches!).test(found);
  } else {
    // Presence: an element counts even when it has no text (an <input>).
    const all = extractAll(matcher.rule, view);
    const present = all.ok && all.value.some((v) => v !== '');
    result = present === (matcher.exists ?? true);
  }
  return matcher.not ? !result : result;
}

/** True when every matcher holds. */
export function matchAll(matchers: readonly Matcher[], view: ResponseView): boolean {
  return matchers.every((m) => matches(m, view));
}

export function describeMatcher(matcher: Matcher): string {
  const test = matcher.equals !== undefined ? ` = "${matcher.equals}"` : matcher.matches !== undefined ? ` ~ /${matcher.matches}/` : matcher.exists === false ? ' absent' : ' present';
  return `${matcher.not ? 'not ' : ''}${matcher.rule}${test}`;
}
