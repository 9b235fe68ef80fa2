import { HubError } from '../errors';

/**
 * Why a caller was not let in. The reason goes to the client (extensions.reason) and the log;
 * neither ever gets the token itself.
 */
export type AuthFailure =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'algorithm_not_allowed'
  | 'claims_invalid'
  | 'unknown_role'
  | 'city_required'
  | 'unknown_city';

export class AuthError extends HubError {
  constructor(readonly reason: AuthFailure, message: string) {
    super('UNAUTHENTICATED', message, { reason });
    this.name = 'AuthError';
  }
}
