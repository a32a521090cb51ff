import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pngBytes } from '../support/images';
import { extensionHostPids, isRunning } from './processTree';
import { clickNotificationButton, openAtEnd, runCommand, uploadFromExplorer, useWorkbench, waitForNotification } from './workbench';

const COUNT = 50;
const LANDED_BEFORE_KILL = 20;
const names = Array.from({ length: COUNT }, (_, i) => `img${String(i + 1).padStart(2, '0')}`);
const images = new Map(names.map((name, i) => [name, pngBytes(12 + (i % 7), 9 + (i % 5), [(i * 53) % 256, (i * 97) % 256, (i * 31) % 256])]));

/** Polls for a concrete state (never a fixed sleep), failing with `what` after `timeoutMs`. */
async function waitUntil<T>(probe: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The extension's journal in this code-server's global storage (publisher.name is the folder). */
function journalPath(userDataDir: string): string {
  const { publisher, name } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
  return path.join(userDataDir, 'User', 'globalStorage', `${publisher}.${name}`, 'journal.jsonl');
}

/** The journal's records; a line being written as we read is left for the next look. */
const journalRecords = (file: string) =>
  (existsSync(file) ? readFileSync(file, 'utf8') : '').split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as { t: string; batchId: string }];
    } catch {
      return [];
    }
  });

const doneCount = (journal: string) => journalRecords(journal).filter((r) => r.t === 'done').length;

describe('e2e: nothing lost when the extension host is killed mid-batch', function () {
  this.timeout(240_000);
  const files: Record<string, string | Uint8Array> = { 'post.md': '# Post\n\n', 'later.md': '# Later\n\n' };
  for (const [name, bytes] of images) files[`many/${name}.png`] = bytes;
  for (const name of names.slice(0, 3)) files[`few/${name}.png`] = images.get(name)!;
  const wb = useWorkbench({ files });

  /** kill -9 of this workbench's extension host (found under the code-server this run started) once `landed` results are journalled. */
  async function killExtensionHostAfter(journal: string, landed: number): Promise<number> {
    await waitUntil(() => doneCount(journal) >= landed, `${landed} results in the journal`);
    const [host, ...others] = extensionHostPids(wb.server.pid);
    assert.ok(host && others.length === 0, `one extension host under code-server ${wb.server.pid}, found ${[host, ...others].join(', ')}`);
    process.kill(host, 'SIGKILL');
    await waitUntil(() => !isRunning(host), `extension host ${host} to end`);
    return host;
  }

  /** Reloads the window (a fresh extension host), and answers the offer for the interrupted batch with Resume. */
  async function restartAndResume(killed: number, document: string, total: number, finished: number): Promise<void> {
    const { page, server } = wb;
    await page.reload();
    await page.waitForSelector('.pane-header:has-text("Image Host History")', { timeout: 60_000 });
    await waitUntil(() => extensionHostPids(server.pid).some((pid) => pid !== killed), 'a new extension host');
    await openAtEnd(wb, document);
    const offer = await waitForNotification(page, /was interrupted/);
    assert.match(offer, new RegExp(`upload of ${total} image\\(s\\) to sandbox was interrupted: ${finished} finished, ${total - finished} not`));
    await clickNotificationButton(page, 'Resume');
  }

  /** Saves the active document and reads it from disk (it can hold more lines than the editor shows). */
  async function savedText(document: string): Promise<string> {
    await runCommand(wb.page, 'File: Save');
    await wb.page.locator('.tab.active:not(.dirty)', { hasText: document }).waitFor();
    return readFileSync(path.join(wb.workspace, document), 'utf8');
  }

  it('kill -9 after 20 of 50 results, Resume, kill -9 again, Resume: 50 distinct links in order, none lost or doubled', async () => {
    const { page, sandbox, server } = wb;
    await openAtEnd(wb, 'post.md');
    // The first 20 uploads are answered at once; from then on the host holds its answers, so the
    // kill lands with exactly 20 results in and the next few uploads in flight.
    Object.assign(sandbox.controls, { delayMs: 600_000, slowFrom: LANDED_BEFORE_KILL });
    await uploadFromExplorer(page, 'many');
    const journal = journalPath(server.userDataDir);
    const first = await killExtensionHostAfter(journal, LANDED_BEFORE_KILL);
    assert.equal(doneCount(journal), LANDED_BEFORE_KILL);

    // Slow but answering: the resumed batch is killed too, part way through its 30 files.
    sandbox.controls.delayMs = 400;
    await restartAndResume(first, 'post.md', COUNT, LANDED_BEFORE_KILL);
    await wb.screenshot('resumed-once');
    const second = await killExtensionHostAfter(journal, LANDED_BEFORE_KILL + 10);
    const landed = doneCount(journal);

    sandbox.controls.delayMs = 50;
    await restartAndResume(second, 'post.md', COUNT, landed);
    await waitForNotification(page, new RegExp(`Uploaded ${COUNT - landed} images? to Sandbox`), 120_000);

    const text = await savedText('post.md');
    const links = [...text.matchAll(/!\[(\w+)\]\((http:\/\/127\.0\.0\.1:\d+\/i\/(\w+)\.png)\)/g)].map((m) => ({ alt: m[1], url: m[2], id: m[3] }));
    assert.deepEqual(links.map((l) => l.alt), names, text);
    assert.equal(new Set(links.map((l) => l.url)).size, COUNT, 'every link is distinct');
    for (const link of links) {
      const stored = sandbox.images.get(link.id);
      assert.ok(stored, `${link.url} is stored`);
      assert.equal(stored.name, `${link.alt}.png`, `${link.url} serves ${link.alt}.png`);
      assert.ok(stored.data.equals(images.get(link.alt)!), `${link.url} holds the bytes of ${link.alt}.png`);
    }

    // Each file reached the host; only the ones in flight at a kill (4 at a time) could have gone twice.
    const received = new Map<string, number>();
    for (const upload of sandbox.uploads) received.set(upload.filename, (received.get(upload.filename) ?? 0) + 1);
    assert.deepEqual([...received.keys()].sort(), names.map((n) => `${n}.png`));
    const twice = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
    assert.ok(twice <= 8, `${twice} files were stored twice`);
    assert.ok(journalRecords(journal).some((r) => r.t === 'end'), 'the resumed batch ended: nothing left to offer');
    await wb.screenshot('resumed');
  });

  it('a window reloaded mid-batch (graceful shutdown) inserts nothing half-done and offers the batch for Resume', async () => {
    const { page, sandbox, server } = wb;
    await openAtEnd(wb, 'later.md');
    Object.assign(sandbox.controls, { delayMs: 600_000, slowFrom: 0 });
    await uploadFromExplorer(page, 'few');
    await page.locator('.notification-toast', { hasText: 'Uploading to Sandbox' }).waitFor();
    const [host] = extensionHostPids(server.pid);
    sandbox.controls.delayMs = 0;
    await restartAndResume(host, 'later.md', 3, 0);
    await waitForNotification(page, /Uploaded 3 images to Sandbox/);
    const text = await savedText('later.md');
    assert.deepEqual([...text.matchAll(/!\[(\w+)\]\(http/g)].map((m) => m[1]), names.slice(0, 3), text);
  });
});
