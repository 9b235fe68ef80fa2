import { InputError } from '../../core/errors';

/** Long enough for a case or ticket reference and a sentence; short enough to read in an audit. */
export const MAX_PURPOSE_LENGTH = 200;

/**
 * Why a full ID number or mobile is asked for, as the audit log keeps it: required (PIPL asks for a
 * purpose), trimmed, at most 200 characters, no control characters (the audit is read in terminals
 * and spreadsheets, where they could forge lines).
 */
export function checkPurpose(purpose: string): string {
  const trimmed = purpose.trim();
  if (trimmed === '') throw new InputError('purpose', 'REQUIRED', 'purpose must say why the full value is needed (it is kept in the audit log)');
  if ([...trimmed].length > MAX_PURPOSE_LENGTH) {
    throw new InputError('purpose', 'MAX_LENGTH', `purpose must be at most ${MAX_PURPOSE_LENGTH} characters, got ${[...trimmed].length}`);
  }
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) throw new InputError('purpose', 'CONTROL_CHARACTERS', 'purpose must not contain control characters');
  return trimmed;
}
