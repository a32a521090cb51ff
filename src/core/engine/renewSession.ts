/**
 * Work that needs the host's login (uploads, batch steps) goes through here:
 * when the host says the login has expired, the session is renewed once and
 * the work repeated with the fresh session's values. A second expiry is
 * reported as it is, so a host that never accepts the login cannot loop.
 */
import { ok, type Result } from '../errors';
import type { PluginFile } from '../plugin/types';
import { executeChain, switchedOn, type StepScope, type Vars } from './stepExecutor';

export interface SessionAccess {
  /** Logs in (single flight) and returns the session's values. */
  readonly session: () => Promise<Result<Vars>>;
  /** False when the plugin has no login to redo. */
  readonly renewable: boolean;
}

/**
 * The host's login for this scope's settings and secrets: the plugin's
 * session chain when it has one that is switched on (`onlyWhen`), run once
 * however many ask (the host state's single flight).
 */
export function sessionFor(plugin: PluginFile, scope: StepScope): { session: () => Promise<Result<Vars>>; loginNeeded: boolean } {
  const loginNeeded = Boolean(plugin.session && switchedOn(plugin.session.onlyWhen, { ...scope.base, vars: {} }));
  const login = () => (loginNeeded ? executeChain(plugin.session!.steps, scope, {}) : Promise.resolve(ok({} as Vars)));
  return { session: () => scope.host.ensureSession({ config: scope.base.config, secrets: scope.base.secret }, login), loginNeeded };
}

export async function withSession<T>(scope: StepScope, access: SessionAccess, hostName: string, work: (sessionVars: Vars) => Promise<Result<T>>): Promise<Result<T>> {
  for (let renewed = false; ; renewed = true) {
    const generation = scope.host.sessionGeneration;
    const session = await access.session();
    if (!session.ok) return session;
    const result = await work(session.value);
    if (result.ok || result.error.kind !== 'sessionExpired' || renewed || !access.renewable) return result;
    scope.log('info', `${hostName}: the session expired; logging in again`);
    scope.host.expire(generation);
  }
}
