/**
 * Figures and verdicts: each measure keeps every run's value and is shown as
 * its median with the spread (min–max); a check compares the engine's median
 * with its target, directly or as a ratio to the baseline measured in the
 * same run.
 */
export interface Measure {
  readonly unit: string;
  readonly runs: number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface Check {
  readonly caseId: string;
  readonly label: string;
  readonly engine: Measure;
  readonly baseline?: Measure & { readonly name: string };
  /** engine ÷ baseline for throughputs and times; absent without a baseline. */
  readonly ratio?: number;
  readonly target: { readonly op: '>=' | '<='; readonly value: number; readonly of: 'ratio' | 'value' };
  readonly pass: boolean;
}

export interface Note {
  readonly caseId: string;
  readonly label: string;
  readonly value: Measure;
}

export function measure(unit: string, runs: number[]): Measure {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { unit, runs, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function check(
  caseId: string,
  label: string,
  engine: Measure,
  target: Check['target'],
  baseline?: Measure & { name: string },
): Check {
  const ratio = baseline ? engine.median / baseline.median : undefined;
  const compared = target.of === 'ratio' ? ratio! : engine.median;
  const pass = target.op === '>=' ? compared >= target.value : compared <= target.value;
  return { caseId, label, engine, ...(baseline ? { baseline, ratio } : {}), target, pass };
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
const shown = (m: Measure) => `${round(m.median)} ${m.unit} (${round(m.min)}–${round(m.max)})`;
const targetText = (t: Check['target'], unit: string) => `${t.op === '>=' ? '≥' : '≤'} ${t.value}${t.of === 'ratio' ? '×' : ` ${unit}`}`;

export function markdownTable(checks: readonly Check[], notes: readonly Note[]): string {
  const lines = [
    '| case | measure | engine: median (min–max) | baseline, same run | ratio | target | result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of checks) {
    const baseline = c.baseline ? `${c.baseline.name}: ${shown(c.baseline)}` : '—';
    const ratio = c.ratio !== undefined ? `${c.ratio.toFixed(2)}×` : '—';
    lines.push(`| ${c.caseId} | ${c.label} | ${shown(c.engine)} | ${baseline} | ${ratio} | ${targetText(c.target, c.engine.unit)} | ${c.pass ? 'PASS' : 'FAIL'} |`);
  }
  for (const n of notes) lines.push(`| ${n.caseId} | ${n.label} | ${shown(n.value)} | — | — | (reported) | — |`);
  return lines.join('\n');
}

/** One line per check for the terminal: the ratio (or value) next to its target. */
export function consoleLine(c: Check): string {
  const got = c.ratio !== undefined ? `${c.ratio.toFixed(2)}× ${c.baseline!.name}` : shown(c.engine);
  return `${c.pass ? 'PASS' : 'FAIL'}  ${c.caseId}: ${c.label}: ${got}  (target ${targetText(c.target, c.engine.unit)})`;
}
