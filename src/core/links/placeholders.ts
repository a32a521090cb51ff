/**
 * The text a paste or drop inserts at once, one per image, replaced by the
 * link when its upload finishes. Each carries a unique id, so it is found
 * again wherever it moved, however the document changed around it; a failed
 * upload leaves a visible marker with the reason, which code actions find
 * by the same id.
 */
import { randomBytes } from 'node:crypto';

export type MarkerKind = 'uploading' | 'failed';

export interface FoundMarker {
  readonly id: string;
  readonly kind: MarkerKind;
  /** Offsets of the whole marker in the text. */
  readonly start: number;
  readonly end: number;
}

const ID = /^[a-z0-9]{10}$/;
const MARKER = /\{\{(uploading|upload failed:) [^{}\n]*? imagehost:([a-z0-9]{10})\}\}/g;

export const newPlaceholderId = () => [...randomBytes(10)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/** Names and reasons go inside the marker: braces and line breaks would end it early. */
const clean = (text: string) => text.replace(/[{}\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();

export function placeholderText(id: string, fileName: string): string {
  if (!ID.test(id)) throw new Error(`bad placeholder id ${id}`);
  return `{{uploading ${clean(fileName)}… imagehost:${id}}}`;
}

export function failedMarkerText(id: string, fileName: string, reason: string): string {
  if (!ID.test(id)) throw new Error(`bad placeholder id ${id}`);
  return `{{upload failed: ${clean(fileName)} (${clean(reason).slice(0, 160)}) imagehost:${id}}}`;
}

export function findMarkers(text: string): FoundMarker[] {
  return [...text.matchAll(MARKER)].map((m) => ({ id: m[2], kind: m[1] === 'uploading' ? 'uploading' : 'failed', start: m.index!, end: m.index! + m[0].length }));
}

export function findMarker(text: string, id: string): FoundMarker | undefined {
  return findMarkers(text).find((m) => m.id === id);
}
