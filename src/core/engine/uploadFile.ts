/**
 * One file's upload: run the plugin's per-file steps and upload request for
 * a file the batch's pre-flight checked, renew an expired login once, and
 * build the links from the extracted values. The file is not inspected
 * again: the body checks its size when it is built and while it is read, so
 * a file that changed since fails as `fileInvalid` naming it.
 */
import { fail, ok, uploadError, type Result } from '../errors';
import type { FileInfo } from '../files/inspectFile';
import type { PluginFile, Step } from '../plugin/types';
import { renderTemplate } from '../template';
import type { StepScope, Vars } from './stepExecutor';
import { executeChain } from './stepExecutor';
import { withSession } from './renewSession';
import type { SecretValues, UploadLinks } from './types';

export interface UploadContext {
  readonly plugin: PluginFile;
  readonly scope: StepScope;
  readonly secrets: SecretValues;
  /** Values from the batch steps (gallery hashes); merged over the session's. */
  readonly batchVars: Vars;
  /** Logs in (single flight) and returns the session's values. */
  readonly session: () => Promise<Result<Vars>>;
}

function uploadStep(plugin: PluginFile): Step {
  const spec = plugin.upload!;
  return {
    name: 'upload',
    request: spec.request,
    extract: spec.extract,
    success: spec.success,
    errorMessage: spec.errorMessage,
    failureKind: 'rejectedByHost',
    followUps: spec.followUps,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function buildLinks(plugin: PluginFile, scope: StepScope, vars: Vars, file: FileInfo): Result<UploadLinks> {
  const result = plugin.upload!.result;
  const links: Record<string, string> = {};
  for (const [key, template] of Object.entries(result)) {
    if (template === undefined) continue;
    const rendered = renderTemplate(template, { ...scope.base, vars, file });
    if (!rendered.ok) return rendered;
    if (rendered.value === '') continue;
    if (!isHttpUrl(rendered.value)) {
      return fail(uploadError('extractFailed', `The host's answer gave "${scope.redact(rendered.value).slice(0, 120)}" as the ${key}, which is not a link.`));
    }
    links[key] = rendered.value;
  }
  if (!links.imageUrl) return fail(uploadError('extractFailed', 'The host answered without an image link.'));
  return ok(links as unknown as UploadLinks);
}

export interface UploadedFile {
  readonly links: UploadLinks;
  /** Every value the upload's steps extracted (for `shareWithBatch`). */
  readonly vars: Vars;
}

export async function uploadFile(
  file: FileInfo,
  context: UploadContext,
  onProgress: (sent: number, total: number) => void,
): Promise<Result<UploadedFile>> {
  const { plugin, scope } = context;
  return withSession(scope, { session: context.session, renewable: Boolean(plugin.session) }, plugin.name, async (sessionVars) => {
    const steps = [...(plugin.upload!.before ?? []), uploadStep(plugin)];
    const result = await executeChain(steps, scope, { ...sessionVars, ...context.batchVars }, {
      file,
      onProgress,
      expiredWhen: plugin.session?.expiredWhen,
    });
    if (!result.ok) return result;
    const links = buildLinks(plugin, scope, result.value, file);
    return links.ok ? ok({ links: links.value, vars: result.value }) : links;
  });
}
