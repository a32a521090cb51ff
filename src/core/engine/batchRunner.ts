/**
 * Runs a batch to one host: pre-flight every file, log in once, run the
 * batch's "before" steps (e.g. create a gallery), upload files with bounded
 * concurrency, then the "after" steps (e.g. finalize). Each file's outcome is
 * reported the moment it lands; cancelling stops what is in flight and keeps
 * what finished.
 */
import { describeError, ok, uploadError, type Result, type UploadError } from '../errors';
import { inspectFile, type FileInfo } from '../files/inspectFile';
import type { PluginFile, Step } from '../plugin/types';
import { renderTemplate } from '../template';
import { executeChain, switchedOn, type StepScope, type Vars } from './stepExecutor';
import { sessionFor, withSession } from './renewSession';
import { uploadFile } from './uploadFile';
import type { BatchEvent, BatchFile, BatchRequest, BatchSummary, FileOutcome } from './types';

export const DEFAULT_BATCH_CONCURRENCY = 4;

type ReadyFile = { readonly file: BatchFile; readonly info: FileInfo };

export interface BatchDeps {
  readonly plugin: PluginFile;
  readonly scope: StepScope;
  readonly emit: (event: BatchEvent) => void;
  /** Per-file abort signals (cancel one file), derived from the batch signal. */
  readonly fileSignal: (fileId: string) => AbortSignal;
}

export async function runBatch(request: BatchRequest, deps: BatchDeps): Promise<BatchSummary> {
  const { plugin, scope, emit } = deps;
  const outcomes = new Map<string, FileOutcome>();
  const finish = (file: BatchFile, started: number, result: Result<FileOutcome['links'] & object>) => {
    const outcome: FileOutcome = {
      fileId: file.id,
      path: file.path,
      durationMs: Date.now() - started,
      ...(result.ok ? { links: result.value } : { error: result.error }),
    };
    outcomes.set(file.id, outcome);
    emit({ type: 'fileDone', batchId: request.batchId, outcome });
  };
  const failRemaining = (error: UploadError) => {
    for (const file of request.files) if (!outcomes.has(file.id)) finish(file, Date.now(), { ok: false, error });
  };
  const summary = (error?: UploadError): BatchSummary => ({
    batchId: request.batchId,
    outcomes: request.files.map((f) => outcomes.get(f.id)!),
    cancelled: scope.signal.aborted,
    ...(error ? { error } : {}),
  });

  // Pre-flight: nothing is sent for a file that cannot succeed. Each file is
  // checked just before its upload (a few system calls), so what the check
  // measured is what the upload sends (the body re-checks the size).
  const checked = (async function* (): AsyncGenerator<ReadyFile> {
    for (const file of request.files) {
      const result = inspectFile(file.path, plugin.limits);
      if (result.ok) yield { file, info: result.value };
      else finish(file, Date.now(), result);
    }
  })();
  /** Ends the batch before any upload: files that fail their check keep that reason, the rest get `error`. */
  const stopWith = async (error: UploadError) => {
    while (!(await checked.next()).done);
    failRemaining(error);
    return summary(error);
  };
  const firstReady = await checked.next();
  if (firstReady.done) return summary();

  const { session, loginNeeded } = sessionFor(plugin, scope);

  const loggedIn = await session();
  if (!loggedIn.ok) {
    scope.log('warn', `${plugin.name}: ${describeError(loggedIn.error)}`);
    return stopWith(loggedIn.error);
  }

  const batchSteps = plugin.batch && switchedOn(plugin.batch.onlyWhen, { ...scope.base, vars: {} }) ? plugin.batch : undefined;
  let batchVars: Vars = request.batchName !== undefined ? { batchName: request.batchName } : {};
  // Per-batch values (e.g. one random upload id shared by every file) are rendered once.
  for (const [name, template] of Object.entries(batchSteps?.values ?? {})) {
    const value = renderTemplate(template, { ...scope.base, vars: { ...loggedIn.value, ...batchVars } });
    if (!value.ok) {
      return stopWith(value.error);
    }
    batchVars[name] = value.value;
  }
  const access = { session, renewable: loginNeeded };
  // Batch steps see the session's values as they are when they run, and may
  // find the login expired like any upload.
  const runBatchSteps = (steps: Step[], stepScope: StepScope, vars: Vars) =>
    withSession(stepScope, access, plugin.name, async (sessionVars) => {
      const result = await executeChain(steps, stepScope, { ...sessionVars, ...vars }, { expiredWhen: plugin.session?.expiredWhen });
      // Keep only what the batch steps produced: the session's own values must
      // stay renewable (a re-login mid-batch brings a fresh session id).
      return result.ok ? ok(Object.fromEntries(Object.entries(result.value).filter(([key, value]) => sessionVars[key] !== value || key in vars))) : result;
    });
  if (batchSteps?.before?.length) {
    const before = await runBatchSteps(batchSteps.before, scope, batchVars);
    if (!before.ok) {
      return stopWith(before.error);
    }
    batchVars = before.value;
  }

  // Once the host refuses the credentials, every further request would be refused too.
  let refused: UploadError | undefined;
  const uploadOne = async ({ file, info }: ReadyFile): Promise<Vars | undefined> => {
    if (scope.signal.aborted) return void finish(file, Date.now(), { ok: false, error: uploadError('cancelled', 'Cancelled before it started.') });
    if (refused) return void finish(file, Date.now(), { ok: false, error: refused });
    const fileScope: StepScope = { ...scope, signal: deps.fileSignal(file.id) };
    const result = await scope.host.gate.run(async () => {
      const started = Date.now();
      emit({ type: 'fileStarted', batchId: request.batchId, fileId: file.id });
      const uploaded = await uploadFile(
        info,
        { plugin, scope: fileScope, secrets: request.secrets, batchVars, session },
        (sentBytes, totalBytes) => emit({ type: 'fileProgress', batchId: request.batchId, fileId: file.id, sentBytes, totalBytes }),
      );
      return { uploaded, started };
    }, fileScope.signal);
    if (!result.ok) return void finish(file, Date.now(), result);
    const { uploaded, started } = result.value;
    if (!uploaded.ok && uploaded.error.kind === 'loginFailed') refused = uploaded.error;
    finish(file, started, uploaded.ok ? ok(uploaded.value.links) : uploaded);
    return uploaded.ok ? uploaded.value.vars : undefined;
  };

  let first: ReadyFile | undefined = firstReady.value;
  const shared = batchSteps ? (plugin.upload!.shareWithBatch ?? []) : [];
  if (shared.length > 0) {
    // The first upload runs alone, marked by {firstInBatch}; what it extracts
    // (a new gallery's id) the rest use.
    const plain = batchVars;
    batchVars = { ...plain, firstInBatch: 'true' };
    const vars = await uploadOne(first);
    batchVars = { ...plain, firstInBatch: '' };
    if (vars) for (const name of shared) if (vars[name] !== undefined) batchVars[name] = vars[name];
    first = undefined;
  }
  const take = async (): Promise<ReadyFile | undefined> => {
    const taken = first;
    first = undefined;
    if (taken) return taken;
    const next = await checked.next();
    return next.done ? undefined : next.value;
  };
  // Each lane uploads the next checked file until none is left.
  const lanes = Math.max(1, request.concurrency ?? DEFAULT_BATCH_CONCURRENCY);
  await Promise.all(Array.from({ length: lanes }, async () => {
    for (let file = await take(); file; file = await take()) await uploadOne(file);
  }));

  const uploaded = [...outcomes.values()].filter((o) => o.links).length;
  if (batchSteps?.after?.length && uploaded > 0) {
    // The after steps (e.g. finalize a gallery) run even when cancelled, so
    // what did upload is usable; they use a fresh signal for that reason.
    const after = await runBatchSteps(batchSteps.after, { ...scope, signal: AbortSignal.timeout(60_000) }, batchVars);
    if (!after.ok) {
      scope.log('warn', `${plugin.name}: finishing the batch failed: ${describeError(after.error)}`);
      return summary(after.error);
    }
  }
  return summary();
}
