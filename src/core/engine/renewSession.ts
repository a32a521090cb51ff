/**
 * Work that needs the host's login (uploads, batch steps) goes through here:
 * when the host says the login has expired, the session is renewed once and
 * the work repeated with the fresh session's values. A second expiry is
 * reported as it is, so a host that never accepts the login cannot loop.
 */
import type { Result } from '../errors';
import type { StepScope, Vars } from './stepExecutor';

export interface SessionAccess {
  /** Logs in (single flight) and returns the session's values. */
  readonly session: () => Promise<Result<Vars>>;
  /** False when the plugin has no login to redo. */
  readonly renewable: boolean;
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
