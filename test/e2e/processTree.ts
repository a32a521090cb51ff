import { readdirSync, readFileSync } from 'node:fs';

/** Reads /proc/<pid>/<file>, or undefined when the process is gone. */
function procFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** State and parent from /proc/<pid>/stat (the command name in parentheses may hold spaces). */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  const stat = procFile(pid, 'stat');
  if (!stat) return undefined;
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid) };
}

/** Every descendant of `root` (Linux), so a test touches its own processes only, never another run's. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const stat = Number.isInteger(pid) ? procStat(pid) : undefined;
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The command line of a process, arguments joined by spaces. */
export function commandLine(pid: number): string {
  return (procFile(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
}

/** The descendants of `root` running code-server's extension host (`--type=extensionHost`). */
export function extensionHostPids(root: number): number[] {
  return descendants(root).filter((pid) => commandLine(pid).includes('--type=extensionHost'));
}

/** Whether the process still runs (a zombie waiting to be reaped has ended). */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return !!stat && stat.state !== 'Z';
}
