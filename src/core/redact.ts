/**
 * Replaces every known secret value in a text before it reaches a log line,
 * an error message or a journal. Also covers the URL-encoded form, since
 * secrets often travel in query strings and form bodies, and the forms
 * plugins derive from them (md5/sha1 hex, as vBulletin logins send, and
 * base64, as Basic auth does): a host echoing those is echoing the secret.
 */
import { createHash } from 'node:crypto';

export type Redactor = (text: string) => string;

const MIN_SECRET_LENGTH = 3;

export function createRedactor(secrets: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(new URLSearchParams({ s: secret }).toString().slice(2));
    for (const algorithm of ['md5', 'sha1']) {
      const hex = createHash(algorithm).update(secret, 'utf8').digest('hex');
      needles.add(hex).add(hex.toUpperCase());
    }
    needles.add(Buffer.from(secret, 'utf8').toString('base64'));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of ordered) out = out.split(needle).join('***');
    return out;
  };
}
