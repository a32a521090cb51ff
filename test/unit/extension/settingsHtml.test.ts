import { strict as assert } from 'node:assert';
import { createNonce, settingsCsp, settingsHtml } from '../../../src/extension/hostSettings/settingsHtml';

const page = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview/settings.js', styleUri: 'https://x/media/settings.css', nonce: createNonce() };
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('settings page', () => {
  it('denies everything by default and runs only the nonce\'d script', () => {
    const csp = directives(settingsCsp(page));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${page.nonce}'`]);
  });

  it('allows styles only from the extension, with no inline styles and nothing remote', () => {
    const csp = directives(settingsCsp(page));
    assert.deepEqual(csp.get('style-src'), [page.cspSource]);
    const sources = new Set([...csp.values()].flat());
    assert.deepEqual([...sources].sort(), ["'none'", `'nonce-${page.nonce}'`, page.cspSource].sort());
  });

  it('puts the policy in the page and the nonce on its only script', () => {
    const html = settingsHtml(page);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${page.nonce}" src="${page.scriptUri}">`));
    assert.ok(html.includes('http-equiv="Content-Security-Policy"'));
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the policy precedes what it governs');
  });

  it('draws a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.ok(n.length >= 24 && /^[A-Za-z0-9+/=]+$/.test(n), n);
  });
});
