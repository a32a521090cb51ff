/**
 * Runs one plugin step: build the request, send it politely (rate limit,
 * retries for transient failures), judge success, extract values, then run
 * its follow-ups with the values gathered so far. Values flow downwards: a
 * follow-up sees its parent's, and the caller receives all of them.
 */
import { fail, ok, uploadError, type Result, type UploadError } from '../errors';
import { describeNonJson, excerpt, extractValue, matchAll, runExtractions, type ResponseView } from '../extract';
import type { FileInfo } from '../files/inspectFile';
import type { HttpClient, HttpResponse } from '../http';
import type { Matcher, Step } from '../plugin/types';
import type { Redactor } from '../redact';
import { classifyStatus, withRetry, type RetryPolicy } from '../retry';
import { renderTemplate, type TemplateContext } from '../template';
import type { HostState } from './hostState';
import { buildRequest } from './requestBuilder';

export type Vars = Record<string, string>;

export interface StepScope {
  readonly http: HttpClient;
  readonly host: HostState;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal;
  readonly redact: Redactor;
  /** Template context without vars and file; those vary per step. */
  readonly base: Omit<TemplateContext, 'vars' | 'file'>;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  /** Sees every response a step gets (dynamic options read the last page). */
  readonly onResponse?: (view: ResponseView) => void;
}

export interface StepOptions {
  readonly file?: FileInfo;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Upload responses matching any of these mean the login expired. */
  readonly expiredWhen?: Matcher[];
}


/** Sends one request with the host's rate limit and the retry policy. */
async function send(scope: StepScope, step: Step, build: () => ReturnType<typeof buildRequest>, onProgress?: StepOptions['onProgress']): Promise<Result<HttpResponse>> {
  const stepName = step.name;
  // A request that must not happen twice (a forum post) gets one attempt: a
  // reset after the body went out may still have posted it.
  const policy = step.retry === false ? { ...scope.retry, maxAttempts: 1 } : scope.retry;
  return withRetry(
    async (attempt: number) => {
      const request = await build();
      if (!request.ok) return request;
      await scope.host.limiter.take(scope.signal);
      const { url, method, headers, body, followRedirects } = request.value;
      const response = await scope.http.request({
        url,
        method,
        headers,
        body,
        followRedirects,
        signal: scope.signal,
        cookieJar: scope.host.jar,
        onUploadProgress: onProgress,
      });
      const label = `${stepName}: ${method} ${scope.redact(url)}`;
      if (!response.ok) {
        scope.log('warn', `${label} failed (attempt ${attempt}): ${scope.redact(response.error.message)}`);
        return response;
      }
      scope.log('info', `${label} → ${response.value.status} in ${Math.round(response.value.timings.totalMs)} ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      const statusError = classifyStatus(response.value.status, response.value.headers);
      if (statusError?.retryable) return fail(statusError);
      return response;
    },
    policy,
    {
      signal: scope.signal,
      onRetry: (attempt: number, error: UploadError, delayMs: number) =>
        scope.log('warn', `${stepName}: retrying in ${Math.round(delayMs / 100) / 10} s after attempt ${attempt}: ${scope.redact(error.message)}`),
    },
  );
}

function failureOf(step: Step, response: ResponseView, scope: StepScope): UploadError {
  // 401 means the credentials were refused whatever the step was doing.
  const kind = response.status === 401 ? 'loginFailed' : (step.failureKind ?? 'extractFailed');
  const hostText = step.errorMessage ? extractValue(step.errorMessage, response) : undefined;
  const said = hostText?.ok && hostText.value ? scope.redact(hostText.value.trim()) : undefined;
  const base =
    kind === 'loginFailed' ? 'Login was refused' : kind === 'rejectedByHost' ? 'The host rejected the upload' : `The step "${step.name}" did not succeed`;
  // Rules that read JSON cannot judge an answer that is not JSON: say what came instead.
  const expectsJson = [step.errorMessage, ...(step.success ?? []).map((m) => m.rule)].some((rule) => rule?.startsWith('json:'));
  const unexpected = !said && expectsJson ? describeNonJson(response) : undefined;
  if (unexpected) {
    return uploadError(kind, `The host answered with ${unexpected} (HTTP ${response.status}).`, { status: response.status, cause: scope.redact(excerpt(response.body)) });
  }
  const detail = said ? `: ${said}` : ` (HTTP ${response.status})`;
  return uploadError(kind, `${base}${detail}`, {
    status: response.status,
    cause: said ? undefined : scope.redact(excerpt(response.body)),
  });
}

const succeeded = (step: Step, view: ResponseView) => (step.success?.length ? matchAll(step.success, view) : view.status < 400);

/** Waits, unless cancelled first; true when the wait ran its course. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends the step's request, and for polling steps again until it succeeds (a result page not ready yet). */
async function fetchStep(step: Step, scope: StepScope, ctx: TemplateContext, options: StepOptions): Promise<Result<ResponseView>> {
  const attempts = step.poll?.attempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    const response = await send(scope, step, () => buildRequest(step.request, ctx, options.file), options.onProgress);
    if (!response.ok) return response;
    scope.onResponse?.(response.value);
    if (attempt >= attempts || succeeded(step, response.value)) return response;
    scope.log('debug', `${step.name}: not ready yet (poll ${attempt}/${attempts})`);
    if (!(await abortableDelay(step.poll!.delayMs, scope.signal))) return fail(uploadError('cancelled', 'Cancelled.'));
  }
}

/** A switch template is on when it renders to something other than blank or `false` (an unchecked checkbox). */
export function switchedOn(template: string | undefined, ctx: TemplateContext): boolean {
  if (template === undefined) return true;
  const rendered = renderTemplate(template, ctx);
  return rendered.ok && rendered.value.trim() !== '' && rendered.value !== 'false';
}

export async function executeStep(step: Step, scope: StepScope, vars: Vars, options: StepOptions = {}): Promise<Result<Vars>> {
  const ctx: TemplateContext = { ...scope.base, vars, file: options.file };
  if (!switchedOn(step.onlyWhen, ctx)) {
    scope.log('debug', `${step.name}: skipped (${step.onlyWhen} is off)`);
    return ok(vars);
  }
  const response = await fetchStep(step, scope, ctx, options);
  if (!response.ok) return response;
  const view = response.value;
  if (options.expiredWhen?.length && options.expiredWhen.some((m) => matchAll([m], view))) {
    return fail(uploadError('sessionExpired', 'The host says the login session has expired.', { status: view.status }));
  }
  if (!succeeded(step, view)) {
    const error = failureOf(step, view, scope);
    const statusError = view.status >= 400 ? classifyStatus(view.status, view.headers) : undefined;
    // A plain HTTP error without a host message is clearer as its status.
    return fail(statusError && error.kind === 'extractFailed' && !step.errorMessage ? statusError : error);
  }
  const extracted = runExtractions(step.extract ?? {}, view);
  if (!extracted.ok) {
    const error = extracted.error;
    return fail({ ...error, cause: error.cause ? scope.redact(error.cause) : undefined });
  }
  let gathered: Vars = { ...vars, ...extracted.value };
  for (const followUp of step.followUps ?? []) {
    const result = await executeStep(followUp, scope, gathered, { file: options.file });
    if (!result.ok) return result;
    gathered = { ...gathered, ...result.value };
  }
  return ok(gathered);
}

/** Runs a chain of steps in order, each seeing the values of those before. */
export async function executeChain(steps: readonly Step[], scope: StepScope, vars: Vars, options: StepOptions = {}): Promise<Result<Vars>> {
  let gathered = vars;
  for (const step of steps) {
    const result = await executeStep(step, scope, gathered, options);
    if (!result.ok) return result;
    gathered = result.value;
  }
  return ok(gathered);
}
