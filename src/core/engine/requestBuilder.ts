/**
 * Turns a plugin's RequestSpec into a concrete HTTP request: every template
 * rendered, the URL checked against the HTTPS policy, and the body encoded.
 * The only file a body can contain is the job's own file.
 */
import { fail, ok, uploadError, type Result } from '../errors';
import type { FileInfo } from '../files/inspectFile';
import { createMultipartBody, type MultipartBody, type MultipartPart } from '../multipart';
import { checkUrlAllowed } from '../plugin/urlPolicy';
import type { MultipartField, RequestSpec } from '../plugin/types';
import { renderTemplate, type TemplateContext } from '../template';

export interface BuiltRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | MultipartBody;
  readonly followRedirects: boolean;
}

type Rendered<T> = Result<T>;

function renderRecord(record: Record<string, string> | undefined, ctx: TemplateContext): Rendered<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(record ?? {})) {
    const value = renderTemplate(template, ctx);
    if (!value.ok) return value;
    out[key] = value.value;
  }
  return ok(out);
}

/** Renders every string inside a JSON body template, keeping its structure. */
function renderJson(value: unknown, ctx: TemplateContext): Rendered<unknown> {
  if (typeof value === 'string') return renderTemplate(value, ctx);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = renderJson(item, ctx);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderJson(v, ctx);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return ok(out);
  }
  return ok(value);
}

function renderMultipartField(field: MultipartField, ctx: TemplateContext, file: FileInfo | undefined): Rendered<MultipartPart | undefined> {
  switch (field.kind) {
    case 'file': {
      if (!file) return fail(uploadError('pluginInvalid', `The multipart field "${field.name}" sends a file, but this step has no file.`));
      const filename = renderTemplate(field.filename ?? '{file.name}', ctx);
      if (!filename.ok) return filename;
      const contentType = renderTemplate(field.contentType ?? '{file.mime}', ctx);
      if (!contentType.ok) return contentType;
      return ok({ name: field.name, file: { path: file.path, filename: filename.value, contentType: contentType.value, size: file.size } });
    }
    case 'text': {
      const value = renderTemplate(field.value, ctx);
      if (!value.ok) return value;
      return ok(field.omitIfEmpty && value.value === '' ? undefined : { name: field.name, value: value.value });
    }
    case 'dynamic': {
      const value = ctx.vars[field.from];
      if (value === undefined) {
        return fail(uploadError('extractFailed', `The value "${field.from}" for field "${field.name}" was not found in an earlier step.`));
      }
      return ok(field.omitIfEmpty && value === '' ? undefined : { name: field.name, value });
    }
  }
}

async function renderBody(spec: RequestSpec, ctx: TemplateContext, file: FileInfo | undefined, headers: Record<string, string>): Promise<Rendered<string | MultipartBody | undefined>> {
  const body = spec.body;
  if (!body) return ok(undefined);
  const setType = (type: string) => {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = type;
  };
  if ('form' in body) {
    const fields = renderRecord(body.form, ctx);
    if (!fields.ok) return fields;
    setType('application/x-www-form-urlencoded');
    return ok(new URLSearchParams(fields.value).toString());
  }
  if ('json' in body) {
    const rendered = renderJson(body.json, ctx);
    if (!rendered.ok) return rendered;
    setType('application/json');
    return ok(JSON.stringify(rendered.value));
  }
  if ('text' in body) {
    const text = renderTemplate(body.text, ctx);
    if (!text.ok) return text;
    setType(body.contentType);
    return ok(text.value);
  }
  const parts: MultipartPart[] = [];
  for (const field of body.multipart) {
    const part = renderMultipartField(field, ctx, file);
    if (!part.ok) return part;
    if (part.value) parts.push(part.value);
  }
  const multipart = await createMultipartBody(parts);
  if (!multipart.ok) return multipart;
  headers['Content-Type'] = multipart.value.contentType;
  return ok(multipart.value);
}

export async function buildRequest(spec: RequestSpec, ctx: TemplateContext, file?: FileInfo): Promise<Result<BuiltRequest>> {
  const url = renderTemplate(spec.url, ctx);
  if (!url.ok) return url;
  const allowed = checkUrlAllowed(url.value);
  if (!allowed.ok) return allowed;
  const target = allowed.value;
  const query = renderRecord(spec.query, ctx);
  if (!query.ok) return query;
  for (const [key, value] of Object.entries(query.value)) target.searchParams.set(key, value);
  const headers = renderRecord(spec.headers, ctx);
  if (!headers.ok) return headers;
  const body = await renderBody(spec, ctx, file, headers.value);
  if (!body.ok) return body;
  return ok({
    url: target.toString(),
    method: spec.method ?? (spec.body ? 'POST' : 'GET'),
    headers: headers.value,
    body: body.value,
    followRedirects: spec.followRedirects ?? true,
  });
}
