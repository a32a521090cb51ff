/** The thread id in what the user typed (a link or a bare number), by a forum plugin's patterns; undefined when none matches. */
export function parseThread(threadPatterns: readonly string[], typed: string): string | undefined {
  const text = typed.trim();
  for (const pattern of threadPatterns) {
    const match = new RegExp(pattern).exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}
