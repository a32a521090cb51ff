/**
 * Every id the manifest and the code share. A unit test checks these against
 * package.json both ways, so a renamed command cannot silently lose its menu.
 */
export const EXTENSION_ID = 'image-host-uploader.image-host-uploader';

export const Commands = {
  uploadImages: 'imageHost.uploadImages',
  uploadImagesAndInsert: 'imageHost.uploadImagesAndInsert',
  showLog: 'imageHost.showLog',
  setHostSecret: 'imageHost.setHostSecret',
  configureHosts: 'imageHost.configureHosts',
  newHostPlugin: 'imageHost.newHostPlugin',
  postToForum: 'imageHost.postToForum',
  forumQueue: 'imageHost.forumQueue',
  uploadLocalImages: 'imageHost.uploadLocalImages',
  retryPlaceholder: 'imageHost.retryPlaceholder',
  historyInsert: 'imageHost.history.insert',
  historyCopy: 'imageHost.history.copy',
  historyOpen: 'imageHost.history.open',
  historyRemove: 'imageHost.history.remove',
  historyClear: 'imageHost.history.clear',
} as const;

export const Views = {
  history: 'imageHost.history',
} as const;

/** Webview panel types; VS Code restores these after a reload through their serializers. */
export const WebviewPanels = {
  configureHosts: 'imageHost.configureHosts',
} as const;

export const CONFIG_SECTION = 'imageHost';

export const Settings = {
  defaultHost: 'defaultHost',
  pluginDirectories: 'pluginDirectories',
  concurrency: 'concurrency',
  linkFormat: 'linkFormat',
  copyToClipboard: 'copyToClipboard',
  connectTimeoutSeconds: 'timeouts.connectSeconds',
  headersTimeoutSeconds: 'timeouts.responseHeadersSeconds',
  bodyTimeoutSeconds: 'timeouts.bodyIdleSeconds',
  extraCaCertificates: 'extraCaCertificates',
  resolve: 'resolve',
  connectTo: 'connectTo',
} as const;

export const OUTPUT_CHANNEL_NAME = 'Image Host';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'avif', 'tif', 'tiff', 'ico', 'heic', 'heif', 'jfif'] as const;
