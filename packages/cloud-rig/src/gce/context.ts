import type { HostManager } from '../hosts/host-manager.js';
import type { GceState } from './state.js';

/** What a route handler gets: the fake's state and hosts, the project, and the request's parts. */
export interface GceContext {
  state: GceState;
  hosts: HostManager;
  /** The one project the fake serves. */
  project: string;
  /** Named path parts of the route (`zone`, `name`, `operation`). */
  path: Record<string, string>;
  /** The query string (`filter`, `maxResults`...). */
  query: URLSearchParams;
  /** The parsed JSON body of a POST, `{}` otherwise. */
  body: Record<string, unknown>;
  /** Work that must finish before the fake stops (host creation and removal). */
  track(work: Promise<unknown>): void;
}

/** A route: resolves with the JSON to answer. */
export type GceHandler = (ctx: GceContext) => Promise<object> | object;
