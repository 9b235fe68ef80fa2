import { InputError } from '../../../core/errors';
import { FIRST_PROGRAM_YEAR, latestProgramYear } from './program-input';

/** A year a query may ask about: the same bounds a program's year has. */
export function checkQueryYear(year: number, now: Date = new Date()): number {
  const latest = latestProgramYear(now);
  if (year < FIRST_PROGRAM_YEAR || year > latest) {
    throw new InputError('year', year > latest ? 'FUTURE' : 'MIN', `year must be between ${FIRST_PROGRAM_YEAR} and next year (${latest}), got ${year}`);
  }
  return year;
}
