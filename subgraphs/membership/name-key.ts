import { normalizePersonName, toSimplified } from '../../core/identity/person-name';

/**
 * The form in which two person names are compared (NAME_MISMATCH) and searched (nameContains):
 * normalized (NFKC, one kind of middle dot, no stray spaces), traditional → simplified, then
 * without middle dots and spaces, Latin letters in lower case. So 陳大文, 陈大文 and 陈 大文 are one
 * name, as are 阿依古丽•买买提 and 阿依古丽·买买提, and JOHN SMITH and John Smith.
 */
export function nameKey(name: string): string {
  return toSimplified(normalizePersonName(name)).replace(/[·\s]/g, '').toLowerCase();
}

/**
 * A name as data-issue messages show it: the first character, the rest as asterisks (王*, 欧阳**),
 * enough to tell two names apart in a list without spelling out the person.
 */
export function maskName(name: string): string {
  const chars = [...normalizePersonName(name)];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
}
