/** A problem in a plugin file: where it is and what to do about it. */
export interface PluginProblem {
  /** The file's path (or `builtin:<name>`). */
  readonly file: string;
  /** JSON pointer to the failing place, e.g. `/upload/request/body/multipart/2/kind`; "" for the whole file. */
  readonly pointer: string;
  /** What was expected. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
  /** Warnings (e.g. a user plugin overriding a built-in) do not stop the plugin loading. */
  readonly severity: 'error' | 'warning';
}
