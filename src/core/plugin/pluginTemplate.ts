/**
 * The starting point of "New Host Plugin": a complete, valid plugin for the
 * commonest kind of host (an API key and one multipart request answered
 * with JSON), with the parts a writer must change marked in `comment`.
 */
import type { PluginFile } from './types';

/** A plugin id from what the user typed: a host name stays as it is, other text becomes a slug. */
export function pluginIdFrom(name: string): string {
  const trimmed = name.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return trimmed.replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
}

export function newPluginTemplate(id: string, name: string): PluginFile & { $schema?: string } {
  const site = id.includes('.') ? id : 'example.com';
  return {
    id,
    name,
    kind: 'imageHost',
    formatVersion: 1,
    description: `Uploads to ${name}.`,
    homepage: `https://${site}`,
    comment: [
      'Replace the URL, field names and extraction rules with what the host really uses (its API page, or the browser developer tools).',
      'Format reference: docs/plugins.md. Problems show in the Problems panel when the file is saved.',
    ],
    settings: [
      { key: 'apiKey', type: 'secret', label: 'API key', required: true, help: `From your ${name} account page.` },
      {
        key: 'thumbnailSize',
        type: 'dropdown',
        label: 'Thumbnail size',
        default: '180',
        options: [
          { value: '180', label: '180 × 180 px' },
          { value: '300', label: '300 × 300 px' },
        ],
      },
    ],
    limits: { maxFileSize: 10 * 1024 * 1024, extensions: ['jpg', 'jpeg', 'png', 'gif'] },
    politeness: { requestsPerSecond: 2, burst: 5, maxConcurrent: 2 },
    upload: {
      request: {
        url: `https://api.${site}/upload`,
        method: 'POST',
        headers: { Authorization: 'Bearer {secret.apiKey}', Accept: 'application/json' },
        body: {
          multipart: [
            { name: 'image', kind: 'file' },
            { name: 'thumbnail_size', kind: 'text', value: '{config.thumbnailSize}' },
          ],
        },
      },
      success: [{ rule: 'json:success', equals: 'true' }],
      errorMessage: 'json:error.message',
      extract: { image: 'json:data.url', thumb: 'json:data.thumbnail_url', viewer: { rule: 'json:data.page_url', required: false } },
      result: { imageUrl: '{image}', thumbnailUrl: '{thumb}', viewerUrl: '{viewer}' },
    },
  };
}
