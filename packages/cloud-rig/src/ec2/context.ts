import type { HostManager } from '../hosts/host-manager.js';
import type { FakeCloudState } from './state.js';
import type { QueryNode } from './query.js';
import type { XmlObject } from './xml.js';

/** What an action handler gets: the fake's state, the rig's hosts, and the request's region and parameters. */
export interface ActionContext {
  state: FakeCloudState;
  hosts: HostManager;
  /** The region the request was signed for (from its credential scope). */
  region: string;
  params: QueryNode;
  /** Work the action started that must finish before the fake stops (host creation and removal). */
  track(work: Promise<unknown>): void;
}

/** An EC2 action: resolves with the response body's members. */
export type ActionHandler = (ctx: ActionContext) => Promise<XmlObject> | XmlObject;
