import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from './constants';
import { registerShowLog } from './commands/showLog';
import { registerUploadImages } from './commands/uploadImages';

/** What other extensions (and the integration tests) can reach. */
export interface ImageHostApi {
  readonly version: string;
}

export function activate(context: vscode.ExtensionContext): ImageHostApi {
  try {
    const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    context.subscriptions.push(log);
    context.subscriptions.push(registerShowLog(log), registerUploadImages({ log }));
    log.info(`Image Host Uploader ${context.extension.packageJSON.version} activated`);
    return { version: String(context.extension.packageJSON.version) };
  } catch (error) {
    void vscode.window.showErrorMessage(`Image Host Uploader failed to start: ${String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything lives in context.subscriptions and is disposed by VS Code.
}
