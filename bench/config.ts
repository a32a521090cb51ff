/**
 * Case sizes. The defaults are the ones issue #8 names; BENCH_QUICK=1 shrinks
 * everything for a smoke run while developing, and single knobs override
 * either (BENCH_RUNS, BENCH_BIG_MB, BENCH_MEDIUM_FILES, BENCH_SMALL_FILES,
 * BENCH_OVERHEAD_FILES; BENCH_CASES=big,medium,… picks cases).
 */
export const CASE_IDS = ['big', 'medium', 'small', 'rss', 'overhead', 'inflight'] as const;
export type CaseId = (typeof CASE_IDS)[number];

/**
 * The sink's politeness for every batch: the highest override the engine
 * accepts (src/core/engine/politeness.ts), as a user with a fast host would set.
 */
export const BENCH_POLITENESS = { requestsPerSecond: 1000, burst: 1000, maxConcurrent: 64 } as const;

const MB = 1024 * 1024;
const KB = 1024;

export interface BenchConfig {
  readonly quick: boolean;
  /** Repetitions per case; the 10 000-file case uses fewer (it is the longest). */
  readonly runs: number;
  readonly smallRuns: number;
  readonly bigBytes: number;
  readonly rssSmallBytes: number;
  readonly mediumFiles: number;
  readonly mediumBytes: number;
  readonly mediumConcurrency: number;
  readonly smallFiles: number;
  readonly smallBytes: number;
  readonly smallConcurrency: number;
  readonly overheadFiles: number;
  readonly overheadBytes: number;
  /** Files large enough that `inflightConcurrency` uploads really overlap. */
  readonly inflightFiles: number;
  readonly inflightBytes: number;
  readonly inflightConcurrency: number;
  readonly cases: readonly CaseId[];
}

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number; it is "${raw}".`);
  return value;
}

function casesFrom(raw: string | undefined): CaseId[] {
  if (!raw) return [...CASE_IDS];
  const picked = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = picked.filter((id) => !(CASE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`BENCH_CASES names unknown cases: ${unknown.join(', ')} (known: ${CASE_IDS.join(', ')}).`);
  return picked as CaseId[];
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1';
  const runs = Math.round(numberFrom('BENCH_RUNS', quick ? 2 : 5));
  return {
    quick,
    runs,
    smallRuns: Math.round(numberFrom('BENCH_RUNS', quick ? 2 : 3)),
    bigBytes: numberFrom('BENCH_BIG_MB', quick ? 200 : 1024) * MB,
    rssSmallBytes: 10 * MB,
    mediumFiles: Math.round(numberFrom('BENCH_MEDIUM_FILES', quick ? 50 : 200)),
    mediumBytes: 2 * MB,
    mediumConcurrency: 8,
    smallFiles: Math.round(numberFrom('BENCH_SMALL_FILES', quick ? 2000 : 10_000)),
    smallBytes: 50 * KB,
    smallConcurrency: 16,
    overheadFiles: Math.round(numberFrom('BENCH_OVERHEAD_FILES', quick ? 300 : 1000)),
    overheadBytes: 2 * KB,
    inflightFiles: quick ? 16 : 32,
    inflightBytes: (quick ? 16 : 32) * MB,
    inflightConcurrency: 16,
    cases: casesFrom(env.BENCH_CASES),
  };
}
