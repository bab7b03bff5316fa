/**
 * Keep the last `maxBytes` bytes of a job log (`--maxLogFileSize`), as Toil does with worker logs: the end of a
 * log says why a job failed. 0 (or less) keeps the whole log. A UTF-8 character cut in two at the start is
 * dropped rather than shown as a replacement character.
 */
export function truncateLog(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // Continuation bytes are 10xxxxxx: step past them to the next character boundary.
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}
