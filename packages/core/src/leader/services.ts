import type { JobNode } from './job-node.js';
import { newNode } from './job-node.js';
import type { Leader } from './leader.js';

/** How often the leader looks for start flags while services are starting. */
const START_POLL_MS = 100;

/**
 * The service side of the leader (Toil's ServiceManager): start a job's service hosts (parents before
 * sub-services) once the job's body has run, hold its successors until every service has started, and stop the
 * services (delete their terminate flags) after all successors have finished.
 */
export class ServiceTracker {
  /** Service host ID → client job ID. */
  private readonly clientOf = new Map<string, string>();
  /** Hosts issued whose start flag still exists. */
  private readonly starting = new Map<string, string>();
  /** Hosts told to stop because the workflow cannot finish; their exit is not a failure. */
  readonly abandoned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Hosts issued and not yet exited, against --maxServiceJobs. */
  private runningHosts = 0;
  private readonly waitingStarts: [JobNode, string][] = [];

  constructor(private readonly leader: Leader) {}

  /** A job's body has run: start its services if it has any, else go straight to its successors. */
  startOrContinue(node: JobNode): void {
    const records = node.desc.services;
    if (!records.length) {
      node.state = 'running';
      this.leader.nextBatch(node);
      return;
    }
    node.state = 'startingServices';
    for (const r of records) {
      this.clientOf.set(r.hostId, node.id);
      node.servicesPending.add(r.hostId);
    }
    for (const r of records) if (!r.parentHostId) this.leader.track(this.startHost(node, r.hostId));
  }

  private async startHost(client: JobNode, hostId: string): Promise<void> {
    // --maxServiceJobs: at most that many services run at once; the others wait for one to exit.
    if (this.runningHosts >= this.leader.options.config.maxServiceJobs) {
      this.waitingStarts.push([client, hostId]);
      return;
    }
    this.runningHosts++;
    const desc = await this.leader.options.store.tryLoad(hostId);
    if (client.state !== 'startingServices') {
      // Another service of the client failed to start meanwhile: this one is not needed any more.
      this.clientOf.delete(hostId);
      this.hostGone();
      return;
    }
    if (!desc) {
      this.hostGone();
      return this.started(client, hostId);
    }
    const host = newNode(desc);
    this.leader.nodes.set(hostId, host);
    this.starting.set(hostId, desc.service!.startFlagId);
    this.ensureTimer();
    await this.leader.issue(host);
  }

  private started(client: JobNode, hostId: string): void {
    this.starting.delete(hostId);
    client.servicesPending.delete(hostId);
    // A client whose other service failed to start goes no further: no sub-services, no successors.
    if (client.state !== 'startingServices') return;
    for (const r of client.desc.services)
      if (r.parentHostId === hostId) this.leader.track(this.startHost(client, r.hostId));
    if (client.servicesPending.size === 0) {
      client.state = 'running';
      this.leader.nextBatch(client);
    }
  }

  private ensureTimer(): void {
    this.timer ??= setInterval(() => this.leader.track(this.pollStarts()), START_POLL_MS);
  }

  private async pollStarts(): Promise<void> {
    if (!this.starting.size) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const store = this.leader.options.store;
    await Promise.all(
      [...this.starting].map(async ([hostId, flag]) => {
        if (!this.starting.has(hostId) || (await store.fileExists(flag))) return;
        const client = this.leader.nodes.get(this.clientOf.get(hostId)!);
        if (client) this.started(client, hostId);
      }),
    );
  }

  /**
   * All successors of `node` finished: ask its live services to stop, sub-services before their parents (a
   * parent is asked once its last live sub-service has exited). Returns true if it must wait for them.
   */
  stopIfHosting(node: JobNode): boolean {
    if (!node.desc.services.length || node.state === 'stoppingServices') return false;
    const alive = node.desc.services
      .map((r) => this.leader.nodes.get(r.hostId))
      .filter((h): h is JobNode => h !== undefined && h.state === 'issued');
    if (!alive.length) return false;
    node.state = 'stoppingServices';
    node.servicesPending = new Set(alive.map((h) => h.id));
    for (const host of alive) this.stopWhenLeaf(node, host.id);
    return true;
  }

  /** Delete a host's terminate flag if none of its sub-services is still running. */
  private stopWhenLeaf(client: JobNode, hostId: string): void {
    const liveChildren = client.desc.services.some(
      (r) => r.parentHostId === hostId && client.servicesPending.has(r.hostId),
    );
    const host = this.leader.nodes.get(hostId);
    if (liveChildren || !host?.desc.service) return;
    this.leader.track(this.leader.options.store.deleteFile(host.desc.service.terminateFlagId));
  }

  /**
   * A job ended (`failed`: out of tries); if it was a service host, update its client and return true. A host that
   * failed before it started fails its client: the client's successors need the service, so they never run.
   */
  hostExited(node: JobNode, failed = false): boolean {
    const clientId = this.clientOf.get(node.id);
    if (clientId === undefined) return false;
    const neverStarted = this.starting.has(node.id);
    this.hostGone();
    this.clientOf.delete(node.id);
    this.starting.delete(node.id);
    this.abandoned.delete(node.id);
    const client = this.leader.nodes.get(clientId);
    if (!client) return true;
    client.servicesPending.delete(node.id);
    if (client.state === 'stoppingServices') {
      const parent = client.desc.services.find((r) => r.hostId === node.id)?.parentHostId;
      if (parent && client.servicesPending.has(parent)) this.stopWhenLeaf(client, parent);
      if (client.servicesPending.size === 0) this.leader.track(this.leader.finished(client, true));
    } else if (client.state === 'startingServices' && failed && neverStarted) this.failedToStart(client, node);
    else if (client.state === 'startingServices') this.started(client, node.id);
    return true;
  }

  /**
   * A service of `client` ran out of tries without starting. Its failure is the workflow's error (the host is in
   * the leader's failed list): the client's successors would only fail on the promise of a value that never came,
   * so they are not run, its services not started yet never start, and those started are told to stop.
   */
  private failedToStart(client: JobNode, host: JobNode): void {
    client.state = 'failed';
    client.servicesPending.clear();
    const { log, store } = this.leader.options;
    const name = client.desc.displayName;
    log.error(
      `Service '${host.desc.displayName}' ${host.id} of job '${name}' ${client.id} failed to start, so the jobs after '${name}' will not run.`,
      {
        jobId: client.id,
        jobName: name,
      },
    );
    for (let i = this.waitingStarts.length - 1; i >= 0; i--)
      if (this.waitingStarts[i][0] === client) this.waitingStarts.splice(i, 1);
    for (const r of client.desc.services) {
      if (r.hostId === host.id) continue;
      const other = this.leader.nodes.get(r.hostId);
      if (other?.state !== 'issued' || !other.desc.service) {
        // Never issued (a sub-service, or waiting for a --maxServiceJobs slot): forget it.
        this.clientOf.delete(r.hostId);
        continue;
      }
      this.starting.delete(r.hostId);
      this.abandoned.add(r.hostId);
      this.leader.track(store.deleteFile(other.desc.service.errorFlagId));
    }
  }

  /** A running host ended: start the next service waiting for a --maxServiceJobs slot. */
  private hostGone(): void {
    this.runningHosts--;
    const next = this.waitingStarts.shift();
    if (next) this.leader.track(this.startHost(...next));
  }

  /** Services waiting for a --maxServiceJobs slot. */
  get waitingForSlot(): number {
    return this.waitingStarts.length;
  }

  /** Service hosts this leader tracks (issued or starting). */
  get hostCount(): number {
    return this.clientOf.size;
  }

  /** Whether a job is a service host this leader started. */
  isHost(jobId: string): boolean {
    return this.clientOf.has(jobId);
  }

  /** True if every issued job is a started service host: nothing else can make progress. */
  onlyServicesLeft(issuedJobIds: Iterable<string>): boolean {
    // Starting services, or services waiting for a --maxServiceJobs slot, are not a finished workflow: the
    // deadlock check judges those.
    if (this.starting.size || this.waitingStarts.length) return false;
    let any = false;
    for (const id of issuedJobIds) {
      const clientId = this.clientOf.get(id);
      if (clientId === undefined || this.abandoned.has(id)) return false;
      // Services being stopped in order (sub-services first) are progress, not a stall.
      if (this.leader.nodes.get(clientId)?.state === 'stoppingServices') return false;
      any = true;
    }
    return any;
  }

  /** Stop every running service because the workflow cannot go on (Toil deletes the error flags). */
  abandonAll(issuedJobIds: Iterable<string>): void {
    const store = this.leader.options.store;
    for (const id of issuedJobIds) {
      const host = this.leader.nodes.get(id);
      if (!host?.desc.service || this.abandoned.has(id)) continue;
      this.abandoned.add(id);
      this.leader.track(store.deleteFile(host.desc.service.errorFlagId));
    }
  }

  /** Stop timers (leader shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
