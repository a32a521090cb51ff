import { fail, ok, uploadError, type Result } from '../errors';

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Where a plugin may send requests: HTTPS anywhere, plain HTTP only to this
 * machine (local test hosts). Checked on every request, because URLs are
 * often built at run time from values a host returned.
 */
export function checkUrlAllowed(url: string): Result<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(uploadError('pluginInvalid', `"${url.slice(0, 200)}" is not a valid URL.`));
  }
  if (parsed.protocol === 'https:') return ok(parsed);
  if (parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return ok(parsed);
  if (parsed.protocol === 'http:') {
    return fail(uploadError('pluginInvalid', `The plugin asks for plain HTTP to ${parsed.hostname}; only HTTPS is allowed except to this machine.`));
  }
  return fail(uploadError('pluginInvalid', `The plugin asks for a ${parsed.protocol} URL; only https: (and http: to this machine) are allowed.`));
}
