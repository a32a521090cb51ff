import * as vscode from 'vscode';
import { Commands } from '../constants';

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showLog, () => log.show(true));
}
