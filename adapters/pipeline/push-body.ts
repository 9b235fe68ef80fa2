import { InputError } from '../../core/errors';

/**
 * What a push body must be before the inbox takes it: non-empty UTF-8 JSON without the NUL
 * character. A body that is not is refused at the door (400, nothing stored): stored, it could only
 * become a dead letter nobody can read (invalid bytes are replaced when decoded, so a GBK body
 * labelled UTF-8 would turn into garbled names), and PostgreSQL cannot keep U+0000 in text at all,
 * which would stop the drain of the whole inbox at that delivery.
 * Well-formed JSON the hub cannot apply (an unknown event type, a bad ID) is still stored and
 * becomes a dead letter with its reason: that is about the record, not the transport.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function checkPushBody(body: Buffer): void {
  if (body.length === 0) throw new InputError('body', 'BODY_EMPTY', 'the body is empty; a delivery is one JSON event');
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw new InputError('body', 'INVALID_ENCODING',
      `the body is not valid UTF-8 (first bad byte at offset ${firstInvalidByte(body)}); JSON deliveries must be UTF-8 — a GBK body labelled UTF-8 looks like this`);
  }
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) {
        throw new InputError('body', 'NUL_CHARACTER', `the body contains the NUL character (\\u0000) in ${key ? `"${key.slice(0, 40)}"` : 'a string'}; it cannot be stored`);
      }
      return value;
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('body', 'MALFORMED_JSON', `the body is not JSON: ${(e as Error).message.slice(0, 200)}`);
  }
}

/** Where strict decoding fails: the shortest prefix that does not decode. */
function firstInvalidByte(body: Buffer): number {
  let low = 0;
  let high = body.length;
  // A valid prefix may end mid-character; stream mode tolerates that, a bad byte it does not.
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (decodesAsPrefix(body.subarray(0, mid + 1))) low = mid + 1;
    else high = mid;
  }
  return low;
}

function decodesAsPrefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
