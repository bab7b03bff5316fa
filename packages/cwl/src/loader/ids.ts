/**
 * CWL identifiers after loading: the runner works with short names (`input`, `step/out`) rather than SALAD's
 * full URIs (`file:///wf.cwl#main/step/out`), since every lookup is within one process.
 */

/** The part after the last `#`, or the whole string. */
export function fragmentOf(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash === -1 ? id : id.slice(hash + 1);
}

/** A parameter's own name: the last `/` segment of its fragment. */
export function shortName(id: string): string {
  const fragment = fragmentOf(id);
  return fragment.slice(fragment.lastIndexOf('/') + 1);
}

/**
 * A source reference relative to the workflow: `name` for a workflow input, `step/out` for a step output.
 * `processId` is the workflow's own fragment (`main` in a packed document), stripped when the reference carries it.
 */
export function sourceRef(reference: string, processId: string): string {
  let fragment = fragmentOf(reference);
  if (processId !== '' && fragment.startsWith(`${processId}/`)) fragment = fragment.slice(processId.length + 1);
  const parts = fragment.split('/');
  return parts.length <= 2 ? fragment : parts.slice(-2).join('/');
}
