import { parseArgs } from 'node:util';
import { LINK_FORMATS, type LinkFormat } from '../core/links/formatLinks';
import type { Politeness } from '../core/plugin/types';

export type CliCommand =
  | { name: 'upload'; options: UploadOptions }
  | { name: 'hosts'; pluginDirs: string[] }
  | { name: 'validate'; files: string[] }
  | { name: 'post'; options: PostOptions }
  | { name: 'help' };

export interface UploadOptions {
  host: string;
  format: LinkFormat | 'json';
  set: Record<string, string>;
  pluginDirs: string[];
  concurrency?: number;
  /** Overrides of the host's politeness; the engine checks the numbers. */
  politeness: Politeness;
  resolve: string[];
  connectTo: string[];
  cacert: string[];
  secretsFromStdin: boolean;
  inputs: string[];
}

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} must be a number`);
  return value;
}

function politenessOf(values: { rate?: string; burst?: string; 'max-concurrent'?: string }): Politeness {
  const rate = numberFlag('rate', values.rate);
  const burst = numberFlag('burst', values.burst);
  const maxConcurrent = numberFlag('max-concurrent', values['max-concurrent']);
  return {
    ...(rate !== undefined && { requestsPerSecond: rate }),
    ...(burst !== undefined && { burst }),
    ...(maxConcurrent !== undefined && { maxConcurrent }),
  };
}

/** What `post` shares with `upload`: which plugin, its settings, and how to reach it. */
export interface PostOptions {
  forum: string;
  thread: string;
  title?: string;
  /** The BBCode file to post, or "-" for stdin. */
  file: string;
  set: Record<string, string>;
  pluginDirs: string[];
  resolve: string[];
  connectTo: string[];
  cacert: string[];
  secretsFromStdin: boolean;
}

export const USAGE = `Usage:
  imghost upload --host <id> [options] FILES/DIRS...
  imghost hosts [--plugin-dir DIR]...
  imghost validate FILE...
  imghost post --forum <id> --thread <link|number> [--title T] FILE|-

upload options:
  --format markdown|markdownThumbnail|bbcode|bbcodeFull|html|plain|json   (default: plain)
  --set key=value          a host setting (repeatable); see 'imghost hosts'
  --plugin-dir DIR         load *.imagehost.json plugins from DIR (repeatable)
  --concurrency N          files in flight at once (default 4)
  --rate N                 at most N requests per second to the host (default: the plugin's, usually 2)
  --burst N                requests allowed at once after a pause (default: the plugin's, usually 5)
  --max-concurrent N       files uploading at once to this host (default: the plugin's)
  --resolve HOST:PORT:ADDR           connect to ADDR for HOST:PORT (repeatable)
  --connect-to HOST:PORT:ADDR:PORT2  connect to ADDR:PORT2 for HOST:PORT (repeatable)
  --cacert FILE            trust this PEM CA certificate too (repeatable)
  --secrets-stdin          read secrets as key=value lines (or a JSON object) from stdin

post posts FILE (or stdin) as a reply to the thread and prints the new post's address; it takes
--set, --plugin-dir, --resolve, --connect-to, --cacert and --secrets-stdin like upload. Flood control
is waited out once; the post is never sent twice.

Secrets never go on the command line: set IMGHOST_SECRET_<KEY> (e.g. IMGHOST_SECRET_API_KEY
for the setting apiKey) or pass --secrets-stdin.
Links go to stdout in input order; progress and the summary go to stderr.
Exit status: 0 when every file uploaded, 1 when any failed, 2 on a usage error.`;

export class UsageError extends Error {}

function parseSet(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function parseCli(argv: string[]): CliCommand {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { name: 'help' };
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      host: { type: 'string' },
      format: { type: 'string', default: 'plain' },
      set: { type: 'string', multiple: true, default: [] },
      'plugin-dir': { type: 'string', multiple: true, default: [] },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      'max-concurrent': { type: 'string' },
      resolve: { type: 'string', multiple: true, default: [] },
      'connect-to': { type: 'string', multiple: true, default: [] },
      cacert: { type: 'string', multiple: true, default: [] },
      'secrets-stdin': { type: 'boolean', default: false },
      forum: { type: 'string' },
      thread: { type: 'string' },
      title: { type: 'string' },
    },
  });
  switch (command) {
    case 'hosts':
      return { name: 'hosts', pluginDirs: values['plugin-dir'] };
    case 'validate':
      if (positionals.length === 0) throw new UsageError('validate needs at least one plugin file');
      return { name: 'validate', files: positionals };
    case 'upload': {
      if (!values.host) throw new UsageError('upload needs --host <id> (see "imghost hosts")');
      if (positionals.length === 0) throw new UsageError('upload needs at least one file or folder');
      const format = values.format as UploadOptions['format'];
      if (format !== 'json' && !(LINK_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be one of ${[...LINK_FORMATS, 'json'].join(', ')}`);
      }
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UsageError('--concurrency must be a whole number ≥ 1');
      return {
        name: 'upload',
        options: {
          host: values.host,
          format,
          set: parseSet(values.set),
          pluginDirs: values['plugin-dir'],
          concurrency,
          politeness: politenessOf(values),
          resolve: values.resolve,
          connectTo: values['connect-to'],
          cacert: values.cacert,
          secretsFromStdin: values['secrets-stdin'],
          inputs: positionals,
        },
      };
    }
    case 'post':
      if (!values.forum) throw new UsageError('post needs --forum <id> (see "imghost hosts")');
      if (!values.thread) throw new UsageError('post needs --thread <link or number>');
      if (positionals.length !== 1) throw new UsageError('post needs exactly one file to post (or - for stdin)');
      return {
        name: 'post',
        options: {
          forum: values.forum,
          thread: values.thread,
          title: values.title,
          file: positionals[0],
          set: parseSet(values.set),
          pluginDirs: values['plugin-dir'],
          resolve: values.resolve,
          connectTo: values['connect-to'],
          cacert: values.cacert,
          secretsFromStdin: values['secrets-stdin'],
        },
      };
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
