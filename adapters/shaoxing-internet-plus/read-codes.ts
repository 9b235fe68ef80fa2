import { FieldProblem, type RecordReader } from '../pipeline/record-reader';
import { codeWords, decodeCode, type CodeTable } from './code-tables';

/**
 * Reading Chinese code words out of a record: the word must be in its table, exactly (after the
 * reader's trim and NFKC, which folds full-width separators); anything else is a rejection that
 * names the field and lists the words the contract allows.
 */
function decodeWord<T extends string>(field: string, word: string, table: CodeTable<T>): T {
  const value = decodeCode(table, word.normalize('NFKC').trim());
  if (value === null) throw new FieldProblem(field, 'CODE', `${field} must be one of ${codeWords(table).join('、')}, got "${word}"`);
  return value;
}

export function optCode<T extends string>(r: RecordReader, field: string, table: CodeTable<T>): T | null {
  const word = r.optString(field);
  return word === null ? null : decodeWord(field, word, table);
}

export function code<T extends string>(r: RecordReader, field: string, table: CodeTable<T>): T {
  return decodeWord(field, r.string(field), table);
}

/** A separated list of words (`;` for occupations, `,` for services); empty items are skipped, repeats kept once. */
export function codeList<T extends string>(r: RecordReader, field: string, table: CodeTable<T>, separator: string): T[] {
  const text = r.optString(field);
  if (text === null) return [];
  const words = text.normalize('NFKC').split(separator).map((w) => w.trim()).filter((w) => w !== '');
  return [...new Set(words.map((w) => decodeWord(field, w, table)))];
}
