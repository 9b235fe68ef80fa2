import { InputError } from '../errors';
import { CITIES, CITY_DIVISION, type City } from '../../schema/enums';

/**
 * A city as a person types it on the command line: the enum name in any case (ningbo, NINGBO)
 * or the city's division code (330200). Anything else is refused, naming the value.
 */
export function parseCityArgument(value: string, field = 'city'): City {
  const text = value.trim();
  const byName = CITIES.find((c) => c === text.toUpperCase());
  if (byName) return byName;
  const byCode = CITIES.find((c) => CITY_DIVISION[c] === text);
  if (byCode) return byCode;
  throw new InputError(field, 'UNKNOWN_CITY', `unknown city "${value}"; expected one of ${CITIES.join(', ')} (or its division code, e.g. 330200)`);
}
