import type { Browser, Page } from 'playwright-core';

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  /** The code-server process this call started; its extension hosts are among its descendants. */
  readonly pid: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly base: string;
  stop(): Promise<void>;
  output(): string;
}

export function provision(): { NODE24: string; CODE_SERVER_ENTRY: string; CHROMIUM: string };
export function freePort(): Promise<number>;
export function startCodeServer(options: {
  vsixPath: string;
  workspaceDir: string;
  userSettings?: Record<string, unknown>;
  port?: number;
  extraExtensions?: string[];
  env?: Record<string, string>;
  keepDirs?: boolean;
  log?: (message: string) => void;
}): Promise<CodeServer>;
export function launchBrowser(): Promise<Browser>;
export function openWorkbench(browser: Browser, url: string, folder: string, size?: { width?: number; height?: number }): Promise<Page>;
