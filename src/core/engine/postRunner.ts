/**
 * Posts one message as a reply to a forum thread: find the thread id in
 * what the user typed, log in once, fetch the reply form's token, post, and
 * read the new post's address. Flood control ("wait N seconds") is waited
 * out and the post sent once more. The post request itself is never resent
 * on a network error: the forum may have taken it, and a post must not
 * appear twice.
 */
import { fail, ok, uploadError, type Result } from '../errors';
import { extractValue, type ResponseView } from '../extract';
import type { PluginFile, PostSpec, Step } from '../plugin/types';
import { parseThread } from '../forum/threadInput';
import { renderTemplate } from '../template';
import { sessionFor, withSession } from './renewSession';
import { abortableDelay, executeChain, type StepScope, type Vars } from './stepExecutor';
import type { ForumPostOutcome, ForumPostRequest } from './types';

function postStep(spec: PostSpec): Step {
  return {
    name: 'post reply',
    request: spec.request,
    success: spec.success,
    errorMessage: spec.errorMessage,
    extract: spec.extract,
    followUps: spec.followUps,
    failureKind: 'rejectedByHost',
    retry: false,
  };
}

/** The longest flood wait honoured automatically; a forum asking for more is reported instead. */
const MAX_FLOOD_WAIT_SECONDS = 300;

export async function postToForum(request: ForumPostRequest, plugin: PluginFile, scope: StepScope): Promise<Result<ForumPostOutcome>> {
  const spec = plugin.post;
  if (!spec) return fail(uploadError('configInvalid', `${plugin.name} is not a forum.`));
  const threadId = parseThread(spec.threadPatterns, request.thread);
  if (!threadId) {
    return fail(uploadError('configInvalid', `"${request.thread.slice(0, 80)}" is not a thread link or thread number of ${plugin.name}.`));
  }
  if (request.message.trim() === '') return fail(uploadError('configInvalid', 'There is nothing to post: the message is empty.'));
  if (spec.maxLength !== undefined && request.message.length > spec.maxLength) {
    return fail(uploadError('rejectedByHost', `The message is ${request.message.length.toLocaleString('en-US')} characters; ${plugin.name} takes at most ${spec.maxLength.toLocaleString('en-US')}. Nothing was posted.`));
  }
  const vars: Vars = { threadId, message: request.message, title: request.title ?? '' };
  const access = { session: sessionFor(plugin, scope).session, renewable: Boolean(plugin.session) };

  let last: ResponseView | undefined;
  const watched: StepScope = { ...scope, onResponse: (view) => (last = view) };
  let waited = 0;
  for (;;) {
    const result = await withSession(watched, access, plugin.name, (sessionVars) =>
      executeChain([...(spec.before ?? []), postStep(spec)], watched, { ...sessionVars, ...vars }, { expiredWhen: plugin.session?.expiredWhen }),
    );
    if (result.ok) {
      const postUrl = renderTemplate(spec.result.postUrl, { ...scope.base, vars: result.value });
      if (!postUrl.ok) return postUrl;
      const threadUrl = renderTemplate(spec.threadUrl, { ...scope.base, vars: result.value });
      return ok({ threadId, threadUrl: threadUrl.ok ? threadUrl.value : '', postUrl: postUrl.value, floodWaitSeconds: waited || undefined });
    }
    const flood = result.error.kind === 'rejectedByHost' && spec.floodWait && last ? extractValue(spec.floodWait, last) : undefined;
    const wait = flood?.ok ? Number(flood.value) : NaN;
    if (!Number.isFinite(wait) || wait <= 0) return result;
    if (waited > 0 || wait > MAX_FLOOD_WAIT_SECONDS) {
      return fail({ ...result.error, kind: 'rateLimited', retryable: true, retryAfterSeconds: wait });
    }
    scope.log('info', `${plugin.name}: flood control asks to wait ${wait} s; posting once more after that.`);
    waited = wait;
    if (!(await abortableDelay((wait + 1) * 1000, scope.signal))) return fail(uploadError('cancelled', 'Cancelled while waiting for the forum\'s flood control; nothing was posted.'));
  }
}
