/**
 * Brings v1.0 and v1.1 documents to the v1.2 model in place. The differences that matter to a runner are few:
 * v1.0 put `loadContents` on the input binding (normalisation moves it), and v1.0 listed Directory inputs deeply by
 * default (`loadListing` is filled in here, since v1.1 made `no_listing` the default).
 */

/** Upgrades a raw document (and its `$graph` entries and inline steps) from `cwlVersion` to v1.2. */
export function upgradeDocument(root: Record<string, unknown>, cwlVersion: string): void {
  if (cwlVersion !== 'v1.0') return;
  const visit = (process: Record<string, unknown>): void => {
    const reqs = (process.requirements ??= []);
    const hasListing = Array.isArray(reqs)
      ? reqs.some((r) => (r as Record<string, unknown>).class === 'LoadListingRequirement')
      : 'LoadListingRequirement' in (reqs as object);
    if (!hasListing && process.class !== undefined) {
      if (Array.isArray(reqs)) reqs.push({ class: 'LoadListingRequirement', loadListing: 'deep_listing' });
      else (reqs as Record<string, unknown>).LoadListingRequirement = { loadListing: 'deep_listing' };
    }
    const steps = process.steps;
    const stepList = Array.isArray(steps) ? steps : Object.values((steps ?? {}) as object);
    for (const step of stepList as Record<string, unknown>[]) {
      if (typeof step.run === 'object' && step.run !== null) visit(step.run as Record<string, unknown>);
    }
  };
  if (Array.isArray(root.$graph)) for (const entry of root.$graph) visit(entry as Record<string, unknown>);
  else visit(root);
}
