/**
 * The plugin format: one JSON file per host, validated against
 * plugins/plugin.schema.json. Every string marked "template" may use
 * `{config.x}`, `{secret.x}`, `{file.name|stem|ext|size|mime}`, `{batch.name}`,
 * values extracted by earlier steps (`{sessId}`), and filters such as
 * `{config.thumbSize|map:thumbCodes}` or `{secret.password|md5}`.
 * The format never names a path on disk: the runner streams only the job's file.
 */

export type Template = string;

export type PluginKind = 'imageHost' | 'forum';

export interface PluginFile {
  $schema?: string;
  /** Stable id, e.g. "imx.to"; used as the settings and secrets key. */
  id: string;
  name: string;
  kind: PluginKind;
  /** Version of the plugin format; only 1 exists. */
  formatVersion: 1;
  description?: string;
  homepage?: string;
  /** Free text for readers: uncertain protocol choices, sources. */
  comment?: string | string[];
  settings?: SettingField[];
  /** Value maps used by the `map:` filter: map name → (setting value → host code). */
  maps?: Record<string, Record<string, string>>;
  limits?: Limits;
  politeness?: Politeness;
  /** Requests run once per host session (login chain); cookies persist. */
  session?: SessionSpec;
  /** Requests run once before and after each batch (galleries). */
  batch?: BatchSpec;
  /** The per-file upload (image hosts). */
  upload?: UploadSpec;
  /** Posting a message as a reply to a thread (forums). */
  post?: PostSpec;
  /** A cheap authenticated request for "Test connection"; defaults to the session chain. */
  testConnection?: Step[];
}

export type SettingType = 'dropdown' | 'text' | 'number' | 'checkbox' | 'secret';

export interface SettingOption {
  value: string;
  label?: string;
}

export interface SettingField {
  key: string;
  type: SettingType;
  label: string;
  help?: string;
  default?: string | number | boolean;
  required?: boolean;
  /** dropdown: fixed options. */
  options?: SettingOption[];
  /** dropdown: options fetched from the host (e.g. the user's galleries). */
  optionsFrom?: DynamicOptions;
  /** number: bounds. */
  min?: number;
  max?: number;
  /** text: a regular expression the value must match. */
  pattern?: string;
}

export interface DynamicOptions {
  /** Steps to run (after the session chain) to reach the page listing the options. */
  steps: Step[];
  /** Extraction rule yielding every option element (all matches). */
  items: ExtractRule;
  /** Per item: rule for the value and the label, evaluated on the item. */
  value: ExtractRule;
  label: ExtractRule;
}

export interface Limits {
  /** Bytes. */
  maxFileSize?: number;
  /** Lower-case extensions without dot, e.g. ["jpg","png"]. */
  extensions?: string[];
}

export interface Politeness {
  requestsPerSecond?: number;
  burst?: number;
  maxConcurrent?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type MultipartField =
  | { name: string; kind: 'file'; filename?: Template; contentType?: Template }
  | { name: string; kind: 'text'; value: Template; omitIfEmpty?: boolean }
  /** A value extracted by an earlier step, by name; fails clearly when it is missing. */
  | { name: string; kind: 'dynamic'; from: string; omitIfEmpty?: boolean };

export type RequestBody =
  | { multipart: MultipartField[] }
  | { form: Record<string, Template> }
  | { json: unknown }
  | { text: Template; contentType: string };

export interface RequestSpec {
  url: Template;
  method?: HttpMethod;
  headers?: Record<string, Template>;
  query?: Record<string, Template>;
  body?: RequestBody;
  /** Follow redirects (default true, at most 10); the final URL is extractable as `url`. */
  followRedirects?: boolean;
}

/**
 * An extraction rule, as a string:
 *   `json:data.image_url`      JSON path (dots, `[0]` indexes)
 *   `css:input[name=_token]@value`  CSS selector, then `@attr`, `@text` (default) or `@html`
 *   `regex:sess_id" value="([^"]+)` first capture group (or the whole match)
 *   `header:location`          response header
 *   `url`                      final URL after redirects
 *   `status`                   HTTP status code
 *   `body`                     the whole body as text
 *   `query:id`                 a query parameter of the final URL
 * An optional `|` chain of regex-free filters may follow, as in templates.
 */
export type ExtractRule = string;

export interface ExtractSpec {
  rule: ExtractRule;
  /** When false, a miss yields "" instead of failing. Default true. */
  required?: boolean;
}

/** A test on a response; all given properties must hold. */
export interface Matcher {
  rule: ExtractRule;
  equals?: string;
  /** Regular expression the extracted value must match. */
  matches?: string;
  /** True: the rule must find something; false: it must find nothing. */
  exists?: boolean;
  /** Inverts the whole test. */
  not?: boolean;
}

export interface Step {
  /** Human-readable name used in logs and errors ("login", "fetch upload form"). */
  name: string;
  /** Skip this step (keeping the values so far) unless this renders non-empty and not `false`. */
  onlyWhen?: Template;
  request: RequestSpec;
  /** Variables to extract; later steps and the upload see them by name. */
  extract?: Record<string, ExtractRule | ExtractSpec>;
  /** All must hold, or the step fails (a login step failing is `loginFailed`). */
  success?: Matcher[];
  /** Where to read the host's own error text when `success` fails. */
  errorMessage?: ExtractRule;
  /** How a failure of this step is classified. Default: "extractFailed". */
  failureKind?: 'loginFailed' | 'rejectedByHost' | 'extractFailed';
  /** Extra requests after this one; each sees this step's values. */
  followUps?: Step[];
  /** Repeat the request until `success` holds (a result page that is not ready at once). */
  poll?: { attempts: number; delayMs: number };
  /** False: never resend this request on a network error or 5xx (a forum post must not be made twice). */
  retry?: boolean;
}

export interface SessionSpec {
  steps: Step[];
  /** Any match on an upload response means the session expired: log in again once, retry. */
  expiredWhen?: Matcher[];
  /** Only run the chain when this setting/secret is non-empty (optional login). */
  onlyWhen?: Template;
}

export interface BatchSpec {
  before?: Step[];
  after?: Step[];
  /** Only run the batch steps when this template renders non-empty (e.g. a gallery toggle). */
  onlyWhen?: Template;
  /** Values rendered once per batch and shared by its uploads, e.g. `{ "uploadId": "{random.alnum20}" }`. */
  values?: Record<string, Template>;
}

export interface UploadSpec {
  /** Steps run per file before the upload request (rare; e.g. fetching a fresh upload id). */
  before?: Step[];
  request: RequestSpec;
  extract?: Record<string, ExtractRule | ExtractSpec>;
  success?: Matcher[];
  errorMessage?: ExtractRule;
  /** Steps after the upload request (e.g. XFS result hand-off); see upload values. */
  followUps?: Step[];
  /**
   * Values the first upload of a batch extracts that every later upload of
   * the batch needs (imx: `create_gallery=true` on the first file returns the
   * gallery id the others use). When set, the first file uploads alone.
   */
  shareWithBatch?: string[];
  /** Templates building the links from all extracted values. */
  result: {
    imageUrl: Template;
    thumbnailUrl?: Template;
    viewerUrl?: Template;
    deleteUrl?: Template;
  };
}

/**
 * A forum reply. Templates see `{threadId}`, `{message}` and `{title}`
 * besides the session's values; `before` steps usually fetch the reply form
 * and its security token.
 */
export interface PostSpec {
  /** Regular expressions tried in order on what the user typed (a thread link or id); the first group is the thread id. */
  threadPatterns: string[];
  /** The thread's address for people, e.g. `https://forum.example/showthread.php?t={threadId}`. */
  threadUrl: Template;
  /** Longest message the forum takes, in characters; a longer one is refused before anything is sent. */
  maxLength?: number;
  before?: Step[];
  request: RequestSpec;
  success?: Matcher[];
  errorMessage?: ExtractRule;
  /** Seconds to wait when flood control refuses the post (e.g. `regex:try again in (\\d+) seconds`); the post is sent once more after that wait. */
  floodWait?: ExtractRule;
  extract?: Record<string, ExtractRule | ExtractSpec>;
  followUps?: Step[];
  result: { postUrl: Template };
}

/** A validated plugin together with where it came from. */
export interface LoadedPlugin {
  readonly definition: PluginFile;
  /** Absolute path of the file, or `builtin:<name>` for shipped ones. */
  readonly source: string;
  readonly builtin: boolean;
}
