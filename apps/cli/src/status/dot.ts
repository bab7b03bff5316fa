/**
 * `toil status --printDot`: the part of the job graph still in the job store as Graphviz DOT, one node per job
 * labelled with its name and ID, edges labelled with the successor batch (0 = child, 1 = follow-on) and dashed
 * edges to hosted services. Render with `dot -Tsvg`.
 */
import { Digraph, Edge, Node, attribute as _, toDot } from 'ts-graphviz';
import type { JobReport } from './collect.js';

/** The DOT text; edges to jobs outside the report (finished, or not asked for with --jobs) are left out. */
export function statusDot(reports: readonly JobReport[], locator: string): string {
  const graph = new Digraph('toil_graph');
  graph.comment = `This graph was created from job-store: ${locator}`;
  const nodes = new Map<string, Node>();
  for (const r of reports) {
    const node = new Node(r.desc.id, { [_.label]: `${r.desc.displayName} ${r.desc.id}` });
    if (r.properties.has('FAILED')) node.attributes.set(_.color, 'red');
    nodes.set(r.desc.id, node);
    graph.addNode(node);
  }
  for (const r of reports) {
    const from = nodes.get(r.desc.id)!;
    r.pending.forEach((batch, level) => {
      for (const id of batch) {
        const to = nodes.get(id);
        if (to) graph.addEdge(new Edge([from, to], { [_.label]: String(level) }));
      }
    });
    for (const service of r.desc.services) {
      const to = nodes.get(service.hostId);
      if (to) graph.addEdge(new Edge([from, to], { [_.label]: 'service', [_.style]: 'dashed' }));
    }
  }
  return toDot(graph);
}
