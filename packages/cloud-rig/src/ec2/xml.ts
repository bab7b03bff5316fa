import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** The EC2 API version the SDK speaks, and the namespace of its responses. */
export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** An XML value: text, a nested element, or a repeated element. */
export type XmlValue = string | number | boolean | XmlObject | XmlObject[] | undefined;
/** An element's children by name. */
export interface XmlObject {
  [name: string]: XmlValue;
}

/** A list as EC2 lays it out: `<fooSet><item>...</item><item>...</item></fooSet>`. */
export function items(list: readonly XmlObject[]): XmlObject | string {
  return list.length === 0 ? '' : { item: [...list] };
}

/** EC2 tags as `tagSet` items. */
export function tagItems(tags: ReadonlyMap<string, string>): XmlObject | string {
  return items([...tags].map(([key, value]) => ({ key, value })));
}

/** The body of a successful response to `action`. */
export function responseXml(action: string, body: XmlObject): string {
  const root: XmlObject = { '@_xmlns': EC2_NAMESPACE, requestId: randomUUID(), ...body };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [`${action}Response`]: root }) as string}`;
}

/** The body of an error response, in the layout the SDK's EC2 protocol parses. */
export function errorXml(code: string, message: string): string {
  const doc = { Response: { Errors: { Error: { Code: code, Message: message } }, RequestID: randomUUID() } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}
