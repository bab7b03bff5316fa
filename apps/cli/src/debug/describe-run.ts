/** What `toil debug-job` says about a run: the jobs it added and its return value (promises shown by job). */
import { Rv } from '@toil/core';
import { encode, type Encoded, type JobDescription } from '@toil/core/backend';

/** `'name' id`, as in the leader's log. */
function label(desc: JobDescription | undefined, id: string): string {
  return desc ? `'${desc.displayName}' ${id}` : id;
}

/**
 * The return value as JSON. A promise (of a job the run added) cannot be resolved without running that job, so it
 * shows as `{"$promiseOf": "'sum' job…", "path": [...]}`.
 */
export function returnValueJson(value: unknown, created: ReadonlyMap<string, JobDescription>): string {
  const encoded = encode(value === undefined ? null : value, 'the return value', {
    encodeSpecial: (obj): Encoded | undefined =>
      Rv.is(obj)
        ? { $promiseOf: label(created.get(obj.promisorTempId), obj.promisorTempId), path: [...obj.path] }
        : undefined,
  });
  return JSON.stringify(encoded);
}

/** One line naming the jobs the run added, by how they relate to the job (child, follow-on, service, below those). */
export function createdJobsLine(
  created: ReadonlyMap<string, JobDescription>,
  committed: JobDescription | undefined,
): string {
  if (!created.size) return 'It added no jobs.';
  const [children = [], followOns = []] = committed?.successors ?? [];
  const services = new Set(committed?.services.map((s) => s.hostId));
  const relation = (id: string) =>
    children.includes(id)
      ? 'child'
      : followOns.includes(id)
        ? 'follow-on'
        : services.has(id)
          ? 'service'
          : 'descendant';
  const parts = [...created].map(([id, desc]) => `${relation(id)} ${label(desc, id)}`);
  const shown = parts.slice(0, 20).join(', ');
  return `It added ${created.size} job(s): ${shown}${parts.length > 20 ? ', ...' : ''}.`;
}
