import iconv from 'iconv-lite';
import { MalformedFeed, parseFeedPage } from '../../adapters/shaoxing-internet-plus/feed-xml';
import { charsetOfContentType, declaredEncoding, decodeXmlBody, UndecodableBody } from '../../adapters/shaoxing-internet-plus/xml-body';

/** Shaoxing's GBK XML: decoded with the charset the answer names, checked, never assumed. */
const NAMES = ['王喆', '李堃', '陈燚', '陳大文'];

function feed(names: string[], encoding = 'GBK'): string {
  const records = names.map((n, i) => `<record type="member" op="upsert"><id>SXHY000000${i}</id><name>${n}</name></record>`).join('');
  return `<?xml version="1.0" encoding="${encoding}"?><response><nextCursor>YWJj</nextCursor><hasMore>false</hasMore><records>${records}</records></response>`;
}

function namesIn(text: string): string[] {
  return parseFeedPage(text).records.map((r) => String(r.fields.name));
}

describe('decoding a GBK feed', () => {
  const gbk = iconv.encode(feed(NAMES), 'gbk');

  it('keeps names that only GBK carries (喆 堃 燚, and traditional 陳) intact', () => {
    const decoded = decodeXmlBody(gbk, 'application/xml;charset=GBK');
    expect(decoded).toMatchObject({ encoding: 'gb18030', mislabeledAs: null });
    expect(namesIn(decoded.text)).toEqual(NAMES);
  });

  it('would lose them if the bytes were read as UTF-8 (what this test guards against)', () => {
    expect(gbk.toString('utf8')).not.toContain('喆');
  });

  it('reads the charset from the declaration when the header has none', () => {
    expect(declaredEncoding(gbk)).toBe('gbk');
    expect(namesIn(decodeXmlBody(gbk, 'application/xml').text)).toEqual(NAMES);
    expect(namesIn(decodeXmlBody(gbk).text)).toEqual(NAMES);
  });

  it('decodes a "GB2312" label as GBK, since 喆 and 堃 are outside GB2312', () => {
    const labelled = iconv.encode(feed(NAMES, 'GB2312'), 'gbk');
    expect(namesIn(decodeXmlBody(labelled, 'text/xml; charset="gb2312"').text)).toEqual(NAMES);
  });

  it('detects a GBK body mislabelled UTF-8 in the header, reads it as GBK and says so', () => {
    const decoded = decodeXmlBody(gbk, 'application/xml;charset=UTF-8');
    expect(decoded).toMatchObject({ encoding: 'gb18030', mislabeledAs: 'utf-8' });
    expect(namesIn(decoded.text)).toEqual(NAMES);
  });

  it('detects a GBK body that both header and declaration call UTF-8', () => {
    const lying = iconv.encode(feed(NAMES, 'UTF-8'), 'gbk');
    const decoded = decodeXmlBody(lying, 'application/xml;charset=utf-8');
    expect(decoded).toMatchObject({ encoding: 'gb18030', mislabeledAs: 'utf-8' });
    expect(namesIn(decoded.text)).toEqual(NAMES);
  });

  it('detects a UTF-8 body labelled GBK and reads it as UTF-8', () => {
    const utf8 = Buffer.from(feed(NAMES), 'utf8');
    const decoded = decodeXmlBody(utf8, 'application/xml;charset=GBK');
    expect(decoded).toMatchObject({ encoding: 'utf-8', mislabeledAs: 'gbk' });
    expect(namesIn(decoded.text)).toEqual(NAMES);
  });

  it('reads plain UTF-8 with no label at all, the XML default', () => {
    expect(namesIn(decodeXmlBody(Buffer.from(feed(NAMES).replace(' encoding="GBK"', ''), 'utf8')).text)).toEqual(NAMES);
  });

  it('refuses a body cut off in the middle: undecodable or not a complete document', () => {
    const cut = gbk.subarray(0, gbk.indexOf(iconv.encode('喆', 'gbk')) + 1);
    let error: unknown;
    try {
      parseFeedPage(decodeXmlBody(cut, 'application/xml;charset=GBK').text);
    } catch (e) {
      error = e;
    }
    expect(error instanceof UndecodableBody || error instanceof MalformedFeed).toBe(true);
    const half = gbk.subarray(0, Math.floor(gbk.length / 2) & ~1);
    expect(() => parseFeedPage(decodeXmlBody(half, 'application/xml;charset=GBK').text)).toThrow();
  });
});

describe('labels', () => {
  it.each([
    ['application/xml;charset=GBK', 'gbk'],
    ['application/xml; charset="gb2312"', 'gb2312'],
    ['text/xml;Charset=UTF-8', 'utf-8'],
    ['application/xml', null],
    [undefined, null],
  ])('charset of %s is %s', (header, charset) => {
    expect(charsetOfContentType(header)).toBe(charset);
  });

  it('finds the declaration\'s encoding after a byte-order mark and in single quotes', () => {
    expect(declaredEncoding(Buffer.from("\uFEFF<?xml version='1.0' encoding='gb18030'?><a/>", 'utf8'))).toBe('gb18030');
    expect(declaredEncoding(Buffer.from('<a/>'))).toBeNull();
  });
});

describe('the feed document', () => {
  it('reads an empty page, a page of one record, and keeps every value a string', () => {
    expect(parseFeedPage('<?xml version="1.0"?><response><nextCursor>c</nextCursor><hasMore>false</hasMore><records/></response>'))
      .toEqual({ nextCursor: 'c', hasMore: false, records: [] });
    const one = parseFeedPage('<response><nextCursor>c</nextCursor><hasMore>true</hasMore><records><record type="member" op="delete"><id>SXHY0000001</id></record></records></response>');
    expect(one.records).toEqual([{ type: 'member', op: 'delete', id: 'SXHY0000001', fields: { id: 'SXHY0000001' } }]);
    const numbers = parseFeedPage('<response><nextCursor>c</nextCursor><hasMore>false</hasMore><records><record type="member" op="upsert"><id>1</id><idNo>330602199001011234</idNo><mobile></mobile></record></records></response>');
    expect(numbers.records[0].fields).toEqual({ id: '1', idNo: '330602199001011234', mobile: '' });
  });

  it.each([
    ['<response><hasMore>true</hasMore><records/></response>', /nextCursor/],
    ['<response><nextCursor>c</nextCursor><hasMore>maybe</hasMore><records/></response>', /hasMore/],
    ['<other/>', /<response>/],
    ['<response><nextCursor>c</nextCursor>', /well-formed/],
  ])('refuses %s', (text, message) => {
    expect(() => parseFeedPage(text)).toThrow(message);
  });
});
