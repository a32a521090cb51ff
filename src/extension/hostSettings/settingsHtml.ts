import { randomBytes } from 'node:crypto';

export interface SettingsPage {
  /** `webview.cspSource`: the origin VS Code serves the extension's local resources from. */
  readonly cspSource: string;
  /** Webview URIs of the script bundle and the stylesheet. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

/** A fresh script nonce per page load, from a CSPRNG (a guessable nonce is no nonce). */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The Content-Security-Policy of the settings page. Nothing remote, and no
 * inline style: vscode-elements styles its components through constructed
 * stylesheets (adoptedStyleSheets) and the CSSOM, which style-src does not
 * govern, so `'unsafe-inline'` is not needed. VS Code's own default styles
 * and API script are injected ahead of this meta element, outside its reach.
 */
export function settingsCsp(page: Pick<SettingsPage, 'cspSource' | 'nonce'>): string {
  return [`default-src 'none'`, `script-src 'nonce-${page.nonce}'`, `style-src ${page.cspSource}`].join('; ');
}

const attr = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shell; the script builds everything else with DOM APIs, so no plugin text is ever parsed as HTML. */
export function settingsHtml(page: SettingsPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(settingsCsp(page))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(page.styleUri)}">
<title>Configure Hosts</title>
</head>
<body>
<main id="app" aria-busy="true"><p>Loading hosts…</p></main>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>`;
}
