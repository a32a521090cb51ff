import * as vscode from 'vscode';
import { Commands, WebviewPanels } from '../constants';
import { ConfigureHostsPanel, settingsWebviewOptions } from '../hostSettings/configureHostsPanel';
import type { HostSettingsDeps } from '../hostSettings/hostSettingsActions';

/**
 * Image Host: Configure Hosts — one settings panel at a time (the command
 * reveals it when open), restored by VS Code after a reload through the
 * serializer; the page keeps its own selection in its webview state.
 */
export function registerConfigureHosts(deps: HostSettingsDeps): vscode.Disposable {
  let current: ConfigureHostsPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel) => {
    const adopted = new ConfigureHostsPanel(panel, deps);
    adopted.onDidDispose(() => {
      if (current === adopted) current = undefined;
    });
    current = adopted;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.configureHosts, () => {
      if (current) current.reveal();
      else adopt(vscode.window.createWebviewPanel(WebviewPanels.configureHosts, 'Configure Hosts', vscode.ViewColumn.Active, settingsWebviewOptions(deps.extensionUri)));
    }),
    vscode.window.registerWebviewPanelSerializer(WebviewPanels.configureHosts, {
      deserializeWebviewPanel: async (panel) => {
        // The command may have opened a panel before VS Code got round to restoring this one: keep one.
        if (current) panel.dispose();
        else adopt(panel);
      },
    }),
    new vscode.Disposable(() => current?.dispose()),
  );
}
