/**
 * Name bindings: a chain of scopes (workflow, scatter body, task) mapping names to values. Call outputs are bound
 * as one object value under the call's name, so `call.out` is ordinary member access.
 */
import type { WdlValue } from '../values.js';

/** One scope with an optional parent. */
export class Env {
  private readonly values = new Map<string, WdlValue>();

  constructor(private readonly parent?: Env) {}

  /** The value bound to a name here or in a parent scope. */
  get(name: string): WdlValue | undefined {
    return this.values.get(name) ?? this.parent?.get(name);
  }

  /** True when the name is bound here or above. */
  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Binds a name in this scope. */
  bind(name: string, value: WdlValue): this {
    this.values.set(name, value);
    return this;
  }

  /** A child scope. */
  child(): Env {
    return new Env(this);
  }

  /** The bindings of this scope alone, in binding order. */
  own(): Array<[string, WdlValue]> {
    return [...this.values];
  }

  /** Bindings of this scope and its parents (inner ones win). */
  all(): Array<[string, WdlValue]> {
    const outer = this.parent?.all() ?? [];
    const inner = new Set(this.values.keys());
    return [...outer.filter(([k]) => !inner.has(k)), ...this.values];
  }
}
