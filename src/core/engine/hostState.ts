/**
 * Per-host state shared by every batch to that host: the cookie jar, the
 * rate limiter, the concurrency gate and the logged-in session. One host's
 * state never blocks another's (the seed system's global lock was a lesson).
 */
import { createHash } from 'node:crypto';
import { CookieJar } from 'tough-cookie';
import type { Result } from '../errors';
import { createConcurrencyLimiter, createRateLimiter, type ConcurrencyLimiter, type RateLimiter } from '../rateLimit';
import type { Politeness } from '../plugin/types';
import type { SecretValues } from './types';

type SessionVars = Record<string, string>;

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

  constructor(politeness: Required<Politeness>) {
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
   * time however many uploads ask (single flight). Changed credentials start
   * a fresh session with an empty cookie jar.
   */
  async ensureSession(secrets: SecretValues, login: () => Promise<Result<SessionVars>>): Promise<Result<SessionVars>> {
    const fingerprint = createHash('sha256').update(JSON.stringify(Object.entries(secrets).sort())).digest('hex');
    if (fingerprint !== this.fingerprint) {
      this.fingerprint = fingerprint;
      this.reset();
    }
    if (this.sessionVars) return { ok: true, value: this.sessionVars };
    if (!this.inflight) {
      this.inflight = login().then((result) => {
        this.inflight = undefined;
        if (result.ok) {
          this.sessionVars = result.value;
          this.generation++;
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
