/**
 * Split a `multipart/related` body (what the SDK sends for a single-request upload: the object's JSON resource,
 * then its bytes). Hand-written because it is test code for one fixed, two-part shape: the MIME parsers on npm
 * are for form-data, and the media part is binary that must not be decoded.
 */
export function splitMultipart(
  contentType: string,
  body: Buffer,
): { resource: Record<string, unknown>; media: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in '${contentType}'`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    parts.push(body.subarray(start, next));
    at = next;
  }
  const [meta, media] = parts.map((part) => {
    const headerEnd = part.indexOf('\r\n\r\n');
    // Each part ends with the CRLF that precedes the next delimiter.
    return part.subarray(headerEnd + 4, part.length - 2);
  });
  if (!meta || !media) throw new Error(`expected 2 parts, found ${parts.length}`);
  return { resource: JSON.parse(meta.toString('utf8')) as Record<string, unknown>, media };
}
