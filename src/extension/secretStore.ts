import * as vscode from 'vscode';

/**
 * The only module that touches `context.secrets`. Keys are scoped by plugin
 * and field, so two hosts never share a credential by accident.
 */
export class SecretStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<{ hostId: string; key: string }>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      const parsed = SecretStore.parseKey(e.key);
      if (parsed) this.changed.fire(parsed);
    });
  }

  static keyFor(hostId: string, key: string): string {
    return `imageHost.secret/${hostId}/${key}`;
  }

  private static parseKey(storageKey: string): { hostId: string; key: string } | undefined {
    const match = /^imageHost\.secret\/(.+)\/([^/]+)$/.exec(storageKey);
    return match ? { hostId: match[1], key: match[2] } : undefined;
  }

  async get(hostId: string, keys: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const value = await this.secrets.get(SecretStore.keyFor(hostId, key));
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  async has(hostId: string, key: string): Promise<boolean> {
    return (await this.secrets.get(SecretStore.keyFor(hostId, key))) !== undefined;
  }

  async set(hostId: string, key: string, value: string): Promise<void> {
    await this.secrets.store(SecretStore.keyFor(hostId, key), value);
  }

  async clear(hostId: string, key: string): Promise<void> {
    await this.secrets.delete(SecretStore.keyFor(hostId, key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
