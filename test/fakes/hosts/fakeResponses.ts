/**
 * Small answer helpers shared by the host fakes, so each fake file holds
 * only what its host does. Real hosts here are PHP: `phpJson` escapes
 * slashes the way `json_encode` does, so plugins are tested against the
 * bytes they will really get.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredUpload } from '../fakeHost';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body).replace(/\//g, '\\/');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers }).end(text);
}

export function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8', ...headers }).end(`<!DOCTYPE html><html><body>${body}</body></html>`);
}

export function sendImage(res: ServerResponse, upload: StoredUpload | undefined): void {
  if (!upload) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  res.writeHead(200, { 'Content-Type': upload.contentType, 'Content-Length': upload.data.length }).end(upload.data);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { Location: location, ...headers }).end();
}

/** Reads and drops a body the fake refuses before parsing, so the client sees the answer, not a reset. */
export async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req);
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Lower-case letters and digits, like the short ids these hosts hand out. */
export function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Cookies of a request as a map. */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return out;
}

/** The image types the three hosts accept, by what the client declared. */
export const COMMON_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);

/** Test controls every fake shares: one-shot failures the tests switch on. */
export interface FaultFlags {
  /** The next N uploads answer 503. */
  failNext: number;
  /** The next N uploads answer 429 with Retry-After: 1. */
  floodNext: number;
}

/** Applies a pending fault, if any; true when it answered. */
export async function answerFault(req: IncomingMessage, res: ServerResponse, flags: FaultFlags, body: (message: string) => unknown): Promise<boolean> {
  if (flags.floodNext > 0) {
    flags.floodNext--;
    await drain(req);
    sendJson(res, 429, body('Too many requests, slow down.'), { 'Retry-After': '1' });
    return true;
  }
  if (flags.failNext > 0) {
    flags.failNext--;
    await drain(req);
    sendJson(res, 503, body('Service temporarily unavailable.'));
    return true;
  }
  return false;
}

/** What tests read and steer on a host with accounts. */
export interface AccountHostState extends FaultFlags {
  uploadRequests: number;
  loginAttempts: number;
  /** Forgets every login, as the site does when a session lapses. */
  expireSessions(): void;
}
