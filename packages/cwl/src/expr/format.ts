/**
 * How values become text: numbers in plain decimal notation (CWL tools expect `0.00001`, never `1e-05`), other
 * values as JSON.
 */

/** A number in decimal notation, without an exponent. */
export function plainNumber(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e === -1 || !Number.isFinite(n)) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** A value as it is interpolated into a string: strings as they are, numbers plain, the rest as JSON. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (value === undefined) return 'null';
  return JSON.stringify(value, (_key, v: unknown) => v);
}

/**
 * JSON laid out as Python's `json.dumps` writes it by default (`", "` and `": "` between items, non-ASCII escaped):
 * InitialWorkDir entries that are not strings are written this way, since the CWL suite's checksums come from it.
 * Hand-written: no JSON library offers this layout, and it is a few lines over JSON.stringify.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${asciiJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return value === undefined ? 'null' : asciiJson(value);
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
