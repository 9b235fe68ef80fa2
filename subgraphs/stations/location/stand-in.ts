import type { LngLat } from '../../../core/geo';
import { cityOfDivision } from '../../../core/division';
import type { City } from '../../../schema/enums';
import type { LocationPrecision } from '../schema/location-precision';
import type { StationValue } from '../store/stations';

/**
 * Where a station is, for the contract's non-null `Station.location`.
 *
 * A station stored without coordinates (its upstream sent none, or unusable ones: ingest flags a
 * MISSING_COORDINATES data issue) cannot answer with an error: `location` is non-null all the way
 * up a `stations` page, so one such station would null the whole page, and every map of a city
 * would go blank over one bad record. Nor may it vanish from lists. So it answers with the centre
 * of its city (from its city, else from its division code), or of the province when neither is
 * known, and says so in `locationPrecision`; `position` stays null. stationsNear never returns it
 * (it has no distance), so nobody is routed to a stand-in point.
 */

/** Rough WGS-84 centres of the cities' main urban areas: a stand-in, a kilometre either way is fine. */
const CITY_CENTRES: Record<City, LngLat> = {
  HANGZHOU: { lng: 120.155, lat: 30.274 },
  NINGBO: { lng: 121.55, lat: 29.875 },
  WENZHOU: { lng: 120.699, lat: 27.994 },
  JIAXING: { lng: 120.756, lat: 30.746 },
  HUZHOU: { lng: 120.088, lat: 30.894 },
  SHAOXING: { lng: 120.58, lat: 30.03 },
  JINHUA: { lng: 119.647, lat: 29.079 },
  QUZHOU: { lng: 118.86, lat: 28.97 },
  ZHOUSHAN: { lng: 122.107, lat: 30.016 },
  TAIZHOU: { lng: 121.421, lat: 28.656 },
  LISHUI: { lng: 119.923, lat: 28.468 },
};

/** Hangzhou, the provincial capital, for a station that names neither city nor division. */
const PROVINCE_CENTRE = CITY_CENTRES.HANGZHOU;

export interface Placement {
  /** WGS-84. */
  point: LngLat;
  precision: LocationPrecision;
}

export function placementOf(station: StationValue): Placement {
  if (station.point) return { point: station.point, precision: 'EXACT' };
  const city = station.city ?? (station.divisionCode ? cityOfDivision(station.divisionCode) : null);
  return city ? { point: CITY_CENTRES[city], precision: 'CITY_CENTRE' } : { point: PROVINCE_CENTRE, precision: 'PROVINCE_CENTRE' };
}
