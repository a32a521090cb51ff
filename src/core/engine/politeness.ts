/**
 * How hard one host is pushed: requests per second, burst, files at once.
 * A plugin declares polite defaults for its host; the user may override any
 * of them (a host that is stricter with their account, or a faster link).
 */
import { fail, ok, uploadError, type Result } from '../errors';
import type { PluginFile, Politeness } from '../plugin/types';

/** The older system's per-host limits (PROTOCOLS.md section 9). */
export const DEFAULT_POLITENESS: Required<Politeness> = { requestsPerSecond: 2, burst: 5, maxConcurrent: 4 };

const BOUNDS: Record<keyof Politeness, { min: number; max: number; whole: boolean; label: string }> = {
  requestsPerSecond: { min: 0.01, max: 1000, whole: false, label: 'requests per second' },
  burst: { min: 1, max: 1000, whole: true, label: 'burst' },
  maxConcurrent: { min: 1, max: 64, whole: true, label: 'files at once (maxConcurrent)' },
};

export function resolvePoliteness(plugin: PluginFile, override: Politeness = {}): Result<Required<Politeness>> {
  const resolved = { ...DEFAULT_POLITENESS, ...plugin.politeness };
  for (const key of Object.keys(BOUNDS) as (keyof Politeness)[]) {
    const value = override[key];
    if (value === undefined || value === null) continue;
    const { min, max, whole, label } = BOUNDS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      return fail(uploadError('configInvalid', `The ${label} override for ${plugin.name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}; it is ${JSON.stringify(value)}.`));
    }
    resolved[key] = value;
  }
  return ok(resolved);
}
