import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The change feed's XML, already decoded to text (xml-body.ts): `<response>` with `nextCursor`,
 * `hasMore` and `<records>` of `<record type=… op=…>`, and the small `<error>` documents.
 * Every value stays a string (an ID number parsed as a number would lose its digits).
 */
export interface FeedRecord {
  /** `enterprise`, `union`, `application`, `member`, `station` (others are the mapper's to refuse). */
  type: string;
  /** `upsert` or `delete`. */
  op: string;
  id: string;
  /** The record's child elements, by name; empty elements are "". */
  fields: Record<string, unknown>;
}

export interface FeedPageXml {
  nextCursor: string;
  hasMore: boolean;
  records: FeedRecord[];
}

/** A body that is not a complete feed document: cut off, or not what the contract describes. */
export class MalformedFeed extends Error {}

const ATTRIBUTES = '@';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRIBUTES,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, jpath) => jpath === 'response.records.record',
});

function parseWellFormed(text: string): Record<string, unknown> {
  // The parser is lenient about documents that stop half-way; the validator is not.
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedFeed(`not well-formed XML (${valid.err.msg.replace(/\s+/g, ' ')} at line ${valid.err.line})`);
  return parser.parse(text) as Record<string, unknown>;
}

function objectOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function parseFeedPage(text: string): FeedPageXml {
  const response = objectOf(parseWellFormed(text).response);
  if (!response) throw new MalformedFeed('the document has no <response> element');
  const nextCursor = response.nextCursor;
  if (typeof nextCursor !== 'string' || nextCursor === '') throw new MalformedFeed('<response> has no <nextCursor>');
  const hasMore = response.hasMore;
  if (hasMore !== 'true' && hasMore !== 'false') throw new MalformedFeed(`<hasMore> must be true or false, got ${JSON.stringify(hasMore)}`);
  const container = response.records;
  const list = container === '' || container === undefined ? [] : objectOf(container)?.record;
  if (!Array.isArray(list)) throw new MalformedFeed('<response> has no <records> list');
  return { nextCursor, hasMore: hasMore === 'true', records: list.map(toFeedRecord) };
}

function toFeedRecord(element: unknown): FeedRecord {
  const record = objectOf(element) ?? {};
  const { [ATTRIBUTES]: attributes, ...fields } = record;
  const attrs = objectOf(attributes) ?? {};
  return {
    type: typeof attrs.type === 'string' ? attrs.type : '',
    op: typeof attrs.op === 'string' ? attrs.op : '',
    id: typeof fields.id === 'string' ? fields.id : '',
    fields,
  };
}

/** `<error><code>…</code><message>…</message></error>`, or null when the body is not one. */
export function parseErrorBody(text: string): { code: string; message: string } | null {
  try {
    const error = objectOf(parseWellFormed(text).error);
    if (!error) return null;
    return { code: String(error.code ?? ''), message: String(error.message ?? '') };
  } catch {
    return null;
  }
}
