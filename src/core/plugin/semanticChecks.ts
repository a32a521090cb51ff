/**
 * Checks a schema-valid plugin for mistakes JSON Schema cannot see:
 * templates naming settings or maps that do not exist, duplicate setting
 * keys, dropdown defaults outside their options, a file field outside the
 * upload request.
 */
import { templateReferences } from '../template';
import type { PluginFile } from './types';

export interface SemanticIssue {
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Object keys whose string values (or whose objects' values) are templates. */
const TEMPLATE_KEYS = new Set(['url', 'value', 'filename', 'contentType', 'text', 'onlyWhen', 'imageUrl', 'thumbnailUrl', 'viewerUrl', 'deleteUrl', 'threadUrl', 'postUrl']);
const TEMPLATE_MAPS = new Set(['headers', 'query', 'form', 'values', 'json']);

function* templates(node: unknown, pointer: string, key: string, inMap: boolean): Generator<{ pointer: string; template: string }> {
  if (typeof node === 'string') {
    if (inMap || TEMPLATE_KEYS.has(key)) yield { pointer, template: node };
    return;
  }
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* templates(item, `${pointer}/${i}`, key, inMap);
    return;
  }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'comment' || k === 'settings' || k === 'maps') continue;
      yield* templates(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, k, inMap || TEMPLATE_MAPS.has(k));
    }
  }
}

export function semanticChecks(plugin: PluginFile): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const settings = plugin.settings ?? [];
  const byKey = new Map<string, (typeof settings)[number]>();
  for (const [i, field] of settings.entries()) {
    if (byKey.has(field.key)) issues.push({ pointer: `/settings/${i}/key`, message: `The setting "${field.key}" is declared twice.`, hint: 'Give each setting its own key.' });
    byKey.set(field.key, field);
    if (field.type === 'dropdown' && field.options && field.default !== undefined && !field.options.some((o) => o.value === String(field.default))) {
      issues.push({ pointer: `/settings/${i}/default`, message: `The default "${field.default}" is not one of the options.`, hint: 'Use one of the option values as the default.' });
    }
    if (field.pattern !== undefined && !compiles(field.pattern)) {
      issues.push({ pointer: `/settings/${i}/pattern`, message: `The pattern of "${field.key}" is not a valid regular expression.`, hint: 'Write a JavaScript regular expression, e.g. "^[0-9]*$".' });
    }
    if (field.type === 'dropdown' && !field.options && !field.optionsFrom) {
      issues.push({ pointer: `/settings/${i}`, message: `The dropdown "${field.key}" has no options.`, hint: 'Add "options" or "optionsFrom".' });
    }
  }
  for (const { pointer, template } of templates(plugin, '', '', false)) {
    const refs = templateReferences(template);
    if (!refs.ok) {
      issues.push({ pointer, message: refs.error.message, hint: 'Templates look like {config.key}, {secret.key}, {file.name} or {value|filter:arg}.' });
      continue;
    }
    for (const ref of refs.value) {
      const field = byKey.get(ref.name);
      if (ref.source === 'config' && (!field || field.type === 'secret')) {
        issues.push({
          pointer,
          message: field ? `"{config.${ref.name}}" names a secret.` : `"{config.${ref.name}}" names no setting.`,
          hint: field ? `Write {secret.${ref.name}}.` : `Declare a setting with key "${ref.name}", or fix the name (known: ${[...byKey.keys()].join(', ') || 'none'}).`,
        });
      }
      if (ref.source === 'secret' && (!field || field.type !== 'secret')) {
        issues.push({ pointer, message: `"{secret.${ref.name}}" names no secret setting.`, hint: `Declare a setting with key "${ref.name}" and type "secret".` });
      }
      for (const filter of ref.filters) {
        if (filter.name === 'map' && !plugin.maps?.[filter.arg ?? '']) {
          issues.push({ pointer, message: `The map "${filter.arg}" is not defined.`, hint: `Add it under "maps", or fix the name (known: ${Object.keys(plugin.maps ?? {}).join(', ') || 'none'}).` });
        }
      }
    }
  }
  const fileFields = [...JSON.stringify(plugin).matchAll(/"kind":"file"/g)].length;
  const uploadFileFields = (plugin.upload?.request.body && 'multipart' in plugin.upload.request.body ? plugin.upload.request.body.multipart : []).filter((f) => f.kind === 'file').length;
  if (fileFields > uploadFileFields) {
    issues.push({ pointer: '', message: 'A multipart "file" field appears outside the upload request.', hint: 'Only the upload request can send the file being uploaded.' });
  }
  if (plugin.kind === 'imageHost' && !plugin.upload) issues.push({ pointer: '', message: 'An image host needs an "upload" section.', hint: 'Add "upload" with a request and a result.' });
  if (plugin.kind === 'forum' && !plugin.post) issues.push({ pointer: '', message: 'A forum needs a "post" section.', hint: 'Add "post" with thread patterns, a request and a result.' });
  for (const [i, pattern] of (plugin.post?.threadPatterns ?? []).entries()) {
    if (!compiles(pattern) || !/\((?!\?)/.test(pattern)) {
      issues.push({ pointer: `/post/threadPatterns/${i}`, message: 'A thread pattern must be a valid regular expression with a capture group for the thread id.', hint: 'E.g. "showthread\\.php\\?(?:.*&)?t=(\\d+)".' });
    }
  }
  return issues;
}
