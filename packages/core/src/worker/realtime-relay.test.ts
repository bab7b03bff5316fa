import { describe, expect, it } from 'vitest';
import type { JobStore } from '../jobstore/jobstore.js';
import { RealtimeRelay, type ChannelMessage } from './realtime-relay.js';

function store(blobs: string[], fail = false): JobStore {
  return {
    writeStatsAndLogging: async (blob: string) => {
      if (fail) throw new Error('disk full');
      blobs.push(blob);
    },
  } as unknown as JobStore;
}

const message = (text: string): ChannelMessage => ({ jobStoreID: 'job1', name: 'j', level: 20, text, time: 1 });
const texts = (blob: string) => (JSON.parse(blob) as { logs: ChannelMessage[] }).logs.map((m) => m.text);

describe('RealtimeRelay', () => {
  it('writes the messages of one short interval together, soon after the first', async () => {
    const blobs: string[] = [];
    const relay = new RealtimeRelay(store(blobs), 50);
    relay.send(message('a'));
    relay.send(message('b'));
    expect(blobs).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(blobs.map(texts)).toEqual([['a', 'b']]);
    relay.send(message('c'));
    await relay.flush();
    expect(blobs.map(texts)).toEqual([['a', 'b'], ['c']]);
  });

  it('flush writes at once, in order, and writes nothing when nothing is queued', async () => {
    const blobs: string[] = [];
    const relay = new RealtimeRelay(store(blobs), 10_000);
    relay.send(message('x'));
    const first = relay.flush();
    relay.send(message('y'));
    await Promise.all([first, relay.flush(), relay.flush()]);
    expect(blobs.map(texts)).toEqual([['x'], ['y']]);
  });

  it('reports a failed write on stderr instead of failing the job', async () => {
    const relay = new RealtimeRelay(store([], true), 10_000);
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      relay.send(message('lost'));
      await relay.flush();
    } finally {
      process.stderr.write = original;
    }
    expect(written).toEqual(['Could not send 1 realtime log message(s) to the leader: Error: disk full\n']);
  });
});
