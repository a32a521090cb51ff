/** How plugin files are named: `<host id>.imagehost.json`, which is also what the JSON schema matches. */
export const PLUGIN_SUFFIX = '.imagehost.json';

export const pluginFileName = (id: string) => `${id}${PLUGIN_SUFFIX}`;
