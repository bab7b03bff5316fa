/**
 * The page of `toil status --serve`: one self-contained HTML document (no framework, nothing fetched but its own
 * event stream). It draws the job graph as a layered SVG (children one layer below their parent, follow-ons two,
 * after the children), lists the jobs grouped by state with their logs, and redraws on every `snapshot` event.
 * Data goes into the page as text nodes only, never as HTML, so job names and logs cannot inject markup.
 *
 * `?once` stops listening after the first snapshot: a page that goes quiet, for headless screenshots
 * (`chromium --headless --screenshot`) and printing, which wait for the network to be idle.
 */

const STYLE = `
  :root { --failed: #cf222e; --ready: #0969da; --blocked: #6e7781; --waiting: #bf8700; --finishing: #8250df; --finished: #1a7f37; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { background: #24292f; color: #fff; padding: 12px 24px; }
  header h1 { font-size: 18px; margin: 0 0 4px; }
  header p { margin: 0; }
  #connection { float: right; font-size: 12px; opacity: 0.8; }
  main { padding: 12px 24px; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 16px; margin-bottom: 12px; }
  h2 { font-size: 15px; margin: 4px 0 8px; }
  #counts { display: flex; gap: 8px; flex-wrap: wrap; }
  .chip { border-radius: 12px; padding: 2px 10px; color: #fff; font-weight: 600; }
  .chip[data-state=failed], .dot[data-state=failed] { background: var(--failed); }
  .chip[data-state=ready], .dot[data-state=ready] { background: var(--ready); }
  .chip[data-state=blocked], .dot[data-state=blocked] { background: var(--blocked); }
  .chip[data-state=waiting], .dot[data-state=waiting] { background: var(--waiting); }
  .chip[data-state=finishing], .dot[data-state=finishing] { background: var(--finishing); }
  .chip[data-state=finished], .dot[data-state=finished] { background: var(--finished); }
  #graph { overflow: auto; max-height: 420px; }
  #graph text { font-size: 12px; fill: #fff; }
  ul { list-style: none; padding: 0; margin: 0; }
  li.job { padding: 3px 0; border-top: 1px solid #eaeef2; }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }
  .job-name { font-weight: 600; }
  .job-id, .tries { color: #57606a; font-size: 12px; margin-left: 8px; }
  .job-state { margin-left: 8px; }
  pre { background: #f6f8fa; padding: 8px; overflow: auto; max-height: 240px; font-size: 12px; margin: 4px 0; }
  footer { color: #57606a; font-size: 12px; padding: 0 24px 12px; }
`;

const SCRIPT = `
  const TITLES = { failed: 'Failed', ready: 'Ready or running', blocked: 'Blocked on earlier jobs', waiting: 'Waiting for successors', finishing: 'Finishing', finished: 'Finished' };
  const LABELS = { failed: 'failed', ready: 'ready or running', blocked: 'blocked', waiting: 'waiting for successors', finishing: 'finishing', finished: 'finished' };
  const ORDER = ['failed', 'ready', 'blocked', 'waiting', 'finishing', 'finished'];
  const COLORS = { failed: '#cf222e', ready: '#0969da', blocked: '#6e7781', waiting: '#bf8700', finishing: '#8250df', finished: '#1a7f37' };
  const MAX_GRAPH_JOBS = 200;
  const SVG = 'http://www.w3.org/2000/svg';

  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const c of children || []) el.append(c);
    return el;
  }
  function s(tag, attrs, children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    for (const c of children || []) el.append(c);
    return el;
  }
  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + '\\u2026' : text; }

  // Layers: a job sits below every job that lists it, one layer for a child and two for a follow-on.
  function layers(jobs) {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const depth = new Map(jobs.map((j) => [j.id, 0]));
    for (let round = 0, changed = true; changed && round < jobs.length; round++) {
      changed = false;
      for (const j of jobs) {
        j.successors.forEach((batch, level) => {
          for (const id of batch) {
            if (!byId.has(id)) continue;
            const d = depth.get(j.id) + 1 + level;
            if (d > depth.get(id)) { depth.set(id, d); changed = true; }
          }
        });
      }
    }
    const rows = [];
    for (const j of jobs) (rows[depth.get(j.id)] = rows[depth.get(j.id)] || []).push(j);
    return rows.filter(Boolean);
  }

  function drawGraph(jobs) {
    const box = document.getElementById('graph');
    box.replaceChildren();
    if (jobs.length > MAX_GRAPH_JOBS) {
      box.append(h('p', {}, ['The graph is drawn for up to ' + MAX_GRAPH_JOBS + ' jobs; ' + jobs.length + ' are known. The lists below show them all.']));
      return;
    }
    // LEFT leaves room for follow-on edges, drawn as curves on the left so they do not cross the children.
    const W = 170, H = 36, GX = 16, GY = 40, LEFT = 40;
    const rows = layers(jobs);
    const at = new Map();
    rows.forEach((row, y) => row.forEach((j, x) => at.set(j.id, { x: LEFT + x * (W + GX), y: 8 + y * (H + GY) })));
    const width = LEFT + 8 + Math.max(1, ...rows.map((r) => r.length)) * (W + GX);
    const height = 16 + rows.length * (H + GY);
    const svg = s('svg', { width: width, height: height, role: 'img', 'aria-label': 'job graph' });
    for (const j of jobs) {
      j.successors.forEach((batch, level) => {
        for (const id of batch) {
          const a = at.get(j.id), b = at.get(id);
          if (!a || !b) continue;
          const d = level
            ? 'M' + a.x + ' ' + (a.y + H / 2) + ' C' + (a.x - 32) + ' ' + (a.y + H / 2) + ' ' + (b.x - 32) + ' ' + (b.y + H / 2) + ' ' + b.x + ' ' + (b.y + H / 2)
            : 'M' + (a.x + W / 2) + ' ' + (a.y + H) + ' L' + (b.x + W / 2) + ' ' + b.y;
          svg.append(s('path', { d: d, fill: 'none', stroke: '#8c959f', 'stroke-width': 1.5, 'stroke-dasharray': level ? '5 4' : '' }));
        }
      });
    }
    for (const j of jobs) {
      const p = at.get(j.id);
      const g = s('g', { class: 'node', 'data-job-id': j.id, 'data-state': j.state });
      g.append(s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6, fill: COLORS[j.state] }));
      g.append(s('text', { x: p.x + 8, y: p.y + 15 }, [short(j.name, 24)]));
      g.append(s('text', { x: p.x + 8, y: p.y + 29, 'font-size': 11 }, [LABELS[j.state]]));
      g.append(s('title', {}, [j.displayName + ' ' + j.id + ': ' + LABELS[j.state]]));
      svg.append(g);
    }
    box.append(svg);
  }

  function jobItem(j) {
    const parts = [h('span', { class: 'dot', 'data-state': j.state }), h('span', { class: 'job-name' }, [j.displayName]),
      h('span', { class: 'job-id' }, [j.id]), h('span', { class: 'job-state' }, [LABELS[j.state]])];
    if (j.triesLeft !== undefined) parts.push(h('span', { class: 'tries' }, [j.triesLeft + (j.triesLeft === 1 ? ' try' : ' tries') + ' left']));
    if (j.service) parts.push(h('span', { class: 'tries' }, ['service']));
    if (j.log) parts.push(h('details', { class: 'job-log', open: '' }, [h('summary', {}, ['Log of the last failed attempt']), h('pre', {}, [j.log])]));
    return h('li', { class: 'job', 'data-job-id': j.id, 'data-state': j.state }, parts);
  }

  function render(snap) {
    const wf = document.getElementById('workflow');
    wf.textContent = snap.workflow.description;
    wf.setAttribute('data-workflow-state', snap.workflow.state);
    document.getElementById('counts').replaceChildren(...ORDER.map((st) => h('span', { class: 'chip', 'data-state': st }, [TITLES[st] + ': ' + snap.counts[st]])));
    drawGraph(snap.jobs);
    const lists = document.getElementById('jobs');
    lists.replaceChildren();
    for (const st of ORDER) {
      const jobs = snap.jobs.filter((j) => j.state === st);
      if (!jobs.length) continue;
      lists.append(h('section', { class: 'state-group', 'data-state': st }, [h('h2', {}, [TITLES[st] + ' (' + snap.counts[st] + ')']), h('ul', {}, jobs.map(jobItem))]));
    }
    if (!snap.jobs.length) lists.append(h('p', {}, ['No jobs seen: the job store holds none.']));
    const leader = document.getElementById('leader-log');
    leader.hidden = !snap.leaderLog;
    leader.querySelector('pre').textContent = snap.leaderLog || '';
    const cut = snap.totalJobs > snap.jobs.length ? ' (showing ' + snap.jobs.length + ')' : '';
    document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' \\u00b7 ' + snap.totalJobs + ' jobs seen' + cut + ' \\u00b7 ' + snap.locator;
  }

  const once = new URLSearchParams(location.search).has('once');
  const events = new EventSource('/events');
  const connection = document.getElementById('connection');
  events.addEventListener('snapshot', (e) => {
    render(JSON.parse(e.data));
    connection.textContent = once ? 'snapshot' : 'live';
    if (once) events.close();
  });
  events.onerror = () => { if (!once) connection.textContent = 'disconnected, retrying\\u2026'; };
`;

/** The whole page. */
export const STATUS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Toil workflow status</title>
<style>${STYLE}</style>
</head>
<body>
<header><span id="connection">connecting\u2026</span><h1>Toil workflow status</h1><p id="workflow">Waiting for the first update\u2026</p></header>
<main>
<section id="counts"></section>
<section><h2>Job graph</h2><div id="graph"></div></section>
<div id="jobs"></div>
<section id="leader-log" hidden><h2>Leader log</h2><pre></pre></section>
</main>
<footer id="updated"></footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
