import { parseLocator } from '../options/locator.js';
import { loadPlugin } from '../plugins/registry.js';
import type { JobStore } from './jobstore.js';

/** Open (without initializing or resuming) the job store a locator names, loading its backend package. */
export async function openJobStore(locator: string): Promise<{ store: JobStore; pluginUrl: string }> {
  const parsed = parseLocator(locator);
  const plugin = await loadPlugin('jobStore', parsed.scheme);
  return { store: plugin.create(parsed.locator), pluginUrl: plugin.moduleUrl };
}
