import { registerEnumType } from 'type-graphql';

/**
 * How exact a station's `location` is. A station whose upstream sent no usable coordinates (a
 * MISSING_COORDINATES data issue) still needs an answer for the contract's non-null `location`;
 * it gets the centre of its city, and this says so.
 */
export const LOCATION_PRECISIONS = ['EXACT', 'CITY_CENTRE', 'PROVINCE_CENTRE'] as const;
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number];

export const LocationPrecisionEnum = Object.freeze({
  EXACT: 'EXACT',
  CITY_CENTRE: 'CITY_CENTRE',
  PROVINCE_CENTRE: 'PROVINCE_CENTRE',
} as const satisfies { [K in LocationPrecision]: K });

registerEnumType(LocationPrecisionEnum, {
  name: 'LocationPrecision',
  description: 'How exact Station.location is: EXACT (the upstream\'s coordinates) or a stand-in centre for a station without coordinates.',
  valuesConfig: {
    EXACT: { description: 'The coordinates the upstream gave, converted to the system asked for.' },
    CITY_CENTRE: { description: 'No coordinates on record: the centre of the station\'s city stands in. Do not route anyone to it.' },
    PROVINCE_CENTRE: { description: 'No coordinates and no city on record: Hangzhou, the provincial capital, stands in.' },
  },
});
