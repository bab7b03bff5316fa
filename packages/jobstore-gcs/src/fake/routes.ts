import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { splitMultipart } from './multipart.js';
import {
  FakeError,
  checkGeneration,
  checkReadKey,
  hashes,
  objectResource,
  requestKey,
  type FakeBucket,
  type FakeGcsOptions,
  type FakeObject,
} from './model.js';

/** A resumable upload session: the object to create, the bytes received so far. */
interface Session {
  bucket: string;
  name: string;
  metadata: Record<string, string>;
  contentType: string;
  keySha256?: string;
  ifGenerationMatch: string | null;
  received: Buffer[];
  length: number;
}

/** What the fake holds between requests. */
export interface FakeState {
  buckets: Map<string, FakeBucket>;
  uploads: Map<string, Session>;
  /** The last generation given out (microseconds, as GCS's are). */
  generation: number;
  options: FakeGcsOptions;
}

/** An answer: status, headers, and a JSON value or bytes. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const FOREIGN = 'someone-elses-project';
/** A random upload session ID. */
const sessionId = (): string => randomBytes(12).toString('hex');
const json = (status: number, body?: unknown): Answer => ({ status, body });

function bucketOf(state: FakeState, name: string): FakeBucket {
  const bucket = state.buckets.get(name);
  if (!bucket) throw new FakeError(404, 'notFound', 'The specified bucket does not exist.');
  if (bucket.project === FOREIGN)
    throw new FakeError(403, 'forbidden', 'The caller does not have access to the bucket.');
  return bucket;
}

function objectOf(bucket: FakeBucket, name: string): FakeObject {
  const found = bucket.objects.get(name);
  if (!found) throw new FakeError(404, 'notFound', `No such object: ${bucket.name}/${name}`);
  return found;
}

/** Store a new generation of an object, after its precondition. */
function store(state: FakeState, bucket: FakeBucket, o: Omit<FakeObject, 'generation'>, ifGen: string | null): Answer {
  checkGeneration(bucket.objects.get(o.name), ifGen);
  const stored = { ...o, generation: ++state.generation };
  bucket.objects.set(o.name, stored);
  return json(200, objectResource(bucket.name, stored));
}

function userMetadata(resource: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((resource.metadata ?? {}) as Record<string, unknown>)) out[k] = String(v);
  return out;
}

/** Route one request of the JSON API (see FakeGcsServer for what is covered). */
export function routeRequest(state: FakeState, req: IncomingMessage, url: URL, body: Buffer, base: string): Answer {
  const method = req.method ?? 'GET';
  const q = url.searchParams;
  const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
  const path = url.pathname;

  if (path === '/token' && method === 'POST') {
    // The STS token exchange of external_account credentials: the subject token becomes the access token.
    const form = new URLSearchParams(body.toString('utf8'));
    return json(200, {
      access_token: form.get('subject_token'),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    });
  }

  // /upload/storage/v1/b/<bucket>/o
  if (parts[0] === 'upload' && parts[3] === 'b' && parts[5] === 'o' && parts.length === 6) {
    return upload(state, req, method, q, bucketOf(state, parts[4] as string), body, base);
  }
  if (parts[0] !== 'storage' || parts[1] !== 'v1' || parts[2] !== 'b')
    throw new FakeError(404, 'notFound', `No route ${path}`);

  if (parts.length === 3 && method === 'GET') return json(200, listBuckets(state, q.get('project') ?? ''));
  if (parts.length === 3 && method === 'POST') {
    const { name, labels } = JSON.parse(body.toString('utf8')) as { name: string; labels?: Record<string, string> };
    const existing = state.buckets.get(name);
    if (existing?.project === FOREIGN)
      throw new FakeError(409, 'conflict', 'The requested bucket name is not available.');
    if (existing) throw new FakeError(409, 'conflict', 'You already own this bucket.');
    state.buckets.set(name, { name, project: q.get('project') ?? '', labels, objects: new Map() });
    return json(200, { kind: 'storage#bucket', name, id: name, projectNumber: '1', labels });
  }
  const bucket = bucketOf(state, parts[3] as string);
  if (parts.length === 4) {
    if (method === 'GET') return json(200, bucketResource(bucket));
    if (method === 'DELETE') {
      if (bucket.objects.size > 0) throw new FakeError(409, 'conflict', 'The bucket you tried to delete is not empty.');
      state.buckets.delete(bucket.name);
      return json(204);
    }
  }
  if (parts.length === 5 && parts[4] === 'o' && method === 'GET') return list(bucket, q, state.options.maxPageSize);
  if (parts.length === 11 && parts[6] === 'rewriteTo' && method === 'POST') {
    const source = objectOf(bucket, parts[5] as string);
    checkReadKey(source, requestKey(req.headers, 'x-goog-copy-source-'));
    const target = bucketOf(state, parts[8] as string);
    const resource = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    const written = store(
      state,
      target,
      {
        name: parts[10] as string,
        data: source.data,
        metadata: resource.metadata ? userMetadata(resource) : { ...source.metadata },
        contentType: source.contentType,
        keySha256: requestKey(req.headers),
      },
      q.get('ifGenerationMatch'),
    );
    const size = String(source.data.length);
    return json(200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: size,
      objectSize: size,
      done: true,
      resource: written.body,
    });
  }
  if (parts.length === 6 && parts[4] === 'o') {
    const name = parts[5] as string;
    if (method === 'DELETE') {
      checkGeneration(bucket.objects.get(name), q.get('ifGenerationMatch'));
      objectOf(bucket, name);
      bucket.objects.delete(name);
      return json(204);
    }
    if (method === 'GET') {
      const o = objectOf(bucket, name);
      if (q.get('generation') !== null && Number(q.get('generation')) !== o.generation) {
        throw new FakeError(404, 'notFound', `No such object: ${bucket.name}/${name}#${q.get('generation')}`);
      }
      if (q.get('alt') !== 'media') return json(200, objectResource(bucket.name, o));
      checkReadKey(o, requestKey(req.headers));
      return media(o, req.headers.range);
    }
  }
  throw new FakeError(404, 'notFound', `No route ${method} ${path}`);
}

/** An object's bytes, whole or the `Range: bytes=a-b` asked for (206), with the hashes the SDK validates. */
function media(o: FakeObject, range: string | undefined): Answer {
  const h = hashes(o.data);
  const headers: Record<string, string> = {
    'content-type': o.contentType,
    'x-goog-generation': String(o.generation),
    'x-goog-hash': `crc32c=${h.crc32c},md5=${h.md5Hash}`,
    'x-goog-stored-content-encoding': 'identity',
  };
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range);
  if (!match) return { status: 200, headers, body: o.data };
  const size = o.data.length;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) throw new FakeError(416, 'requestedRangeNotSatisfiable', 'The range cannot be satisfied.');
  headers['content-range'] = `bytes ${start}-${end}/${size}`;
  return { status: 206, headers, body: o.data.subarray(start, end + 1) };
}

/** A page of names after `pageToken`, with `prefixes` when a delimiter is given. */
function list(bucket: FakeBucket, q: URLSearchParams, maxPageSize = 1000): Answer {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter');
  const after = q.get('pageToken') === null ? '' : Buffer.from(q.get('pageToken') as string, 'base64url').toString();
  const limit = Math.min(Number(q.get('maxResults') ?? 1000), maxPageSize);
  const names = [...bucket.objects.keys()].filter((n) => n.startsWith(prefix) && n > after).sort();
  const items: FakeObject[] = [];
  const prefixes = new Set<string>();
  let last = '';
  for (const name of names) {
    if (items.length + prefixes.size >= limit) break;
    last = name;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) prefixes.add(name.slice(0, cut + (delimiter as string).length));
    else items.push(bucket.objects.get(name) as FakeObject);
  }
  const more = names.length > 0 && last !== names[names.length - 1] && last !== '';
  return json(200, {
    kind: 'storage#objects',
    items: items.map((o) => objectResource(bucket.name, o)),
    ...(prefixes.size > 0 ? { prefixes: [...prefixes] } : {}),
    ...(more ? { nextPageToken: Buffer.from(last).toString('base64url') } : {}),
  });
}

/** Single-request (multipart) uploads, and resumable ones: the session POST, then PUTs of chunks. */
function upload(
  state: FakeState,
  req: IncomingMessage,
  method: string,
  q: URLSearchParams,
  bucket: FakeBucket,
  body: Buffer,
  base: string,
): Answer {
  const type = q.get('uploadType');
  if (method === 'POST' && type === 'multipart') {
    const { resource, media: data } = splitMultipart(req.headers['content-type'] ?? '', body);
    const name = (resource.name as string | undefined) ?? q.get('name') ?? '';
    const contentType = (resource.contentType as string | undefined) ?? 'application/octet-stream';
    const o = { name, data, metadata: userMetadata(resource), contentType, keySha256: requestKey(req.headers) };
    return store(state, bucket, o, q.get('ifGenerationMatch'));
  }
  if (method === 'POST' && type === 'resumable') {
    const resource = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    const id = sessionId();
    state.uploads.set(id, {
      bucket: bucket.name,
      name: (resource.name as string | undefined) ?? q.get('name') ?? '',
      metadata: userMetadata(resource),
      contentType: (resource.contentType as string | undefined) ?? 'application/octet-stream',
      keySha256: requestKey(req.headers),
      ifGenerationMatch: q.get('ifGenerationMatch'),
      received: [],
      length: 0,
    });
    const location = `${base}/upload/storage/v1/b/${encodeURIComponent(bucket.name)}/o?uploadType=resumable&upload_id=${id}`;
    return { status: 200, headers: { location, 'content-type': 'application/json' }, body: {} };
  }
  const session = state.uploads.get(q.get('upload_id') ?? '');
  if (method !== 'PUT' || !session) throw new FakeError(404, 'notFound', 'No such upload session.');
  const range = /^bytes (\*|(\d+)-(\d+))\/(\*|\d+)$/.exec(req.headers['content-range'] ?? 'bytes */*');
  if (!range) throw new FakeError(400, 'invalid', `Bad Content-Range '${req.headers['content-range']}'.`);
  if (range[2] !== undefined) {
    const start = Number(range[2]);
    if (start > session.length) throw new FakeError(400, 'invalid', `Chunk at ${start} after ${session.length} bytes.`);
    // A resent chunk overlaps what was received: keep only the new bytes.
    session.received.push(body.subarray(session.length - start));
    session.length = Math.max(session.length, start + body.length);
  }
  const total = range[4] === '*' ? undefined : Number(range[4]);
  if (total === undefined || session.length < total) {
    const headers: Record<string, string> = session.length > 0 ? { range: `bytes=0-${session.length - 1}` } : {};
    return { status: 308, headers, body: undefined };
  }
  state.uploads.delete(q.get('upload_id') as string);
  const data = Buffer.concat(session.received);
  const o = {
    name: session.name,
    data,
    metadata: session.metadata,
    contentType: session.contentType,
    keySha256: session.keySha256,
  };
  return store(state, bucket, o, session.ifGenerationMatch);
}

/** A bucket as the JSON API describes it. */
function bucketResource(bucket: FakeBucket): Record<string, unknown> {
  return { kind: 'storage#bucket', name: bucket.name, id: bucket.name, labels: bucket.labels };
}

/** The buckets of a project, in one page (the fake's listings of buckets are small). */
function listBuckets(state: FakeState, project: string): Record<string, unknown> {
  const items = [...state.buckets.values()].filter((b) => b.project === project).map(bucketResource);
  return { kind: 'storage#buckets', items };
}
