/**
 * Per-host state shared by every batch to that host: the cookie jar, the
 * rate limiter, the concurrency gate and the logged-in session. One host's
 * state never blocks another's (the seed system's global lock was a lesson).
 */
import { createHash } from 'node:crypto';
import { CookieJar } from 'tough-cookie';
import { fail, type Result, type UploadError } from '../errors';
import { createConcurrencyLimiter, createRateLimiter, type ConcurrencyLimiter, type RateLimiter } from '../rateLimit';
import type { Politeness } from '../plugin/types';
import type { ConfigValues, SecretValues } from './types';

type SessionVars = Record<string, string>;

/**
 * After a refused login the same credentials wait this long: hosts lock
 * accounts after a few wrong passwords, and a user clicking Retry (or a
 * second batch) must not use them up.
 */
export const LOGIN_COOLDOWN_MS = 60_000;

export class HostState {
  readonly jar = new CookieJar();
  private currentLimiter!: RateLimiter;
  private currentGate!: ConcurrencyLimiter;
  private tuning = '';
  private sessionVars: SessionVars | undefined;
  private inflight: Promise<Result<SessionVars>> | undefined;
  private fingerprint = '';
  /** Bumped on every successful login, so concurrent expiry reports trigger one re-login. */
  private generation = 0;
  /** The last refused login: the same credentials are not sent again for a while. */
  private refusal: { fingerprint: string; at: number; error: UploadError } | undefined;

  constructor(
    politeness: Required<Politeness>,
    private readonly now: () => number = Date.now,
  ) {
    this.tune(politeness);
  }

  get limiter(): RateLimiter {
    return this.currentLimiter;
  }

  get gate(): ConcurrencyLimiter {
    return this.currentGate;
  }

  /**
   * Applies new limits (the user's override of the plugin's). Requests
   * already waiting finish under the old limits; cookies and the session stay.
   */
  tune(politeness: Required<Politeness>): void {
    const key = JSON.stringify([politeness.requestsPerSecond, politeness.burst, politeness.maxConcurrent]);
    if (key === this.tuning) return;
    this.tuning = key;
    this.currentLimiter = createRateLimiter({ requestsPerSecond: politeness.requestsPerSecond, burst: politeness.burst });
    this.currentGate = createConcurrencyLimiter(politeness.maxConcurrent);
  }

  get sessionGeneration(): number {
    return this.generation;
  }

  /**
   * Returns the session's values, running the login chain at most once at a
   * time however many uploads ask (single flight). Changed credentials or
   * settings (another username) start a fresh session with an empty cookie jar.
   */
  async ensureSession(identity: { config: ConfigValues; secrets: SecretValues }, login: () => Promise<Result<SessionVars>>): Promise<Result<SessionVars>> {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([Object.entries(identity.config).sort(), Object.entries(identity.secrets).sort()]))
      .digest('hex');
    if (fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      this.reset();
    }
    if (this.sessionVars) return { ok: true, value: this.sessionVars };
    const refused = this.refusal;
    if (refused && refused.fingerprint === fingerprint && this.now() - refused.at < LOGIN_COOLDOWN_MS) {
      const wait = Math.ceil((LOGIN_COOLDOWN_MS - (this.now() - refused.at)) / 1000);
      return fail({ ...refused.error, message: `${refused.error.message} (Not tried again for ${wait} s with the same credentials, so the account is not locked; fix the password to try at once.)` });
    }
    if (!this.inflight) {
      this.inflight = login().then((result) => {
        this.inflight = undefined;
        if (result.ok) {
          this.sessionVars = result.value;
          this.generation++;
          this.refusal = undefined;
        } else if (result.error.kind === 'loginFailed') {
          this.refusal = { fingerprint, at: this.now(), error: result.error };
        }
        return result;
      });
    }
    return this.inflight;
  }

  /** Forgets the session if it is still the one that expired; a newer login is kept. */
  expire(generationSeen: number): void {
    if (generationSeen === this.generation) this.reset();
  }

  private reset(): void {
    this.sessionVars = undefined;
    this.jar.removeAllCookiesSync();
  }
}
