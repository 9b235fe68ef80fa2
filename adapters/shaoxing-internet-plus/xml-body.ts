import iconv from 'iconv-lite';

/**
 * Turns the bytes of an XML answer into text, with the character set the answer itself names.
 * Shaoxing sends GBK (the declaration says `encoding="GBK"`, the header `charset=GBK`), but the
 * client never assumes it: it reads the header and the declaration, decodes strictly, and only
 * when the named charset cannot have produced these bytes (a GBK body labelled UTF-8, which
 * proxies and hand-edited configs do) falls back to the contract's GBK, saying so. Names such as
 * 喆, 堃 or 燚 are in GBK but not in GB2312; they only survive when the decoder is GBK-complete,
 * so every GB label is decoded with GB18030, GBK's superset (as the WHATWG Encoding standard does).
 */
export interface DecodedXml {
  text: string;
  /** The decoder used, e.g. `gb18030` or `utf-8`. */
  encoding: string;
  /** The label the bytes were sent under when it could not be right (e.g. `utf-8`), else null. */
  mislabeledAs: string | null;
}

export class UndecodableBody extends Error {}

/** Labels for GBK and its relatives; all decode as GB18030. */
const GB_LABELS = new Set(['gbk', 'gb2312', 'gb_2312', 'gb_2312-80', 'csgb2312', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'gb18030', 'chinese', 'iso-ir-58', 'csiso58gb231280']);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
/** What the contract says the feed is in: the last resort when the labels are wrong. */
const CONTRACT_ENCODING = 'gb18030';

/** The `charset` parameter of a Content-Type header, lower-cased, or null. */
export function charsetOfContentType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match ? match[1].toLowerCase() : null;
}

/**
 * The `encoding` of the XML declaration, lower-cased, or null. The declaration is ASCII in every
 * ASCII-compatible charset, so it is read from the raw bytes before anything is decoded.
 */
export function declaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 200).toString('latin1').replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  const declaration = /^\s*<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return declaration ? declaration[1].toLowerCase() : null;
}

/** The decoder for a label, or null when the label names nothing we can decode. */
export function decoderFor(label: string): string | null {
  const l = label.toLowerCase();
  if (GB_LABELS.has(l)) return CONTRACT_ENCODING;
  if (UTF8_LABELS.has(l)) return 'utf-8';
  return iconv.encodingExists(l) ? l : null;
}

/** Decodes without guessing: null when the bytes are not valid in this charset. */
function decodeStrictly(bytes: Buffer, decoder: string): string | null {
  if (decoder === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return null;
    }
  }
  // iconv-lite replaces what it cannot decode with U+FFFD, which no GB-encoded text can contain.
  const text = iconv.decode(bytes, decoder);
  return text.includes('\uFFFD') ? null : text.replace(/^\uFEFF/, '');
}

/**
 * Non-ASCII bytes that also form valid UTF-8: GBK-encoded Chinese practically never does (its
 * lead bytes 0xC0/0xC1 and 0xF5–0xFE are invalid in UTF-8, and its pairs rarely fit UTF-8's
 * continuation pattern), so a "GBK" body like this is a UTF-8 body under the wrong label.
 */
function looksLikeUtf8(bytes: Buffer): boolean {
  return bytes.some((b) => b >= 0x80) && decodeStrictly(bytes, 'utf-8') !== null;
}

export function decodeXmlBody(bytes: Buffer, contentType?: string): DecodedXml {
  if (bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) {
    const text = decodeStrictly(bytes.subarray(3), 'utf-8');
    if (text !== null) return { text, encoding: 'utf-8', mislabeledAs: null };
  }
  // The header outranks the declaration (RFC 7303); with neither, XML means UTF-8.
  const labels = [...new Set([charsetOfContentType(contentType), declaredEncoding(bytes)].filter((l): l is string => l !== null))];
  if (labels.length === 0) labels.push('utf-8');
  const named = [...new Set(labels.map(decoderFor).filter((d): d is string => d !== null))];
  for (const decoder of named) {
    const text = decodeStrictly(bytes, decoder);
    if (text === null) continue;
    if (decoder === CONTRACT_ENCODING && looksLikeUtf8(bytes)) {
      return { text: decodeStrictly(bytes, 'utf-8') as string, encoding: 'utf-8', mislabeledAs: labels[0] };
    }
    return { text, encoding: decoder, mislabeledAs: decoder === decoderFor(labels[0]) ? null : labels[0] };
  }
  // Every label was wrong: the contract's GBK, then UTF-8, if the bytes are valid in one of them.
  for (const fallback of [CONTRACT_ENCODING, 'utf-8'].filter((d) => !named.includes(d))) {
    const text = decodeStrictly(bytes, fallback);
    if (text !== null) return { text, encoding: fallback, mislabeledAs: labels[0] };
  }
  throw new UndecodableBody(`the body is not valid ${labels.join(' or ')}, nor GBK or UTF-8: cut off or corrupted`);
}
