import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { City, Facility, StationKind } from '../../../schema/enums';
import { CityEnum, Division, FacilityEnum, StationKindEnum } from '../../kit';
import { GeoPoint } from './geo-point';
import { LocationPrecisionEnum, type LocationPrecision } from './location-precision';
import { StationUpgrade } from './station-upgrade';
import { Union } from './union';

/**
 * A service station (阵地): union stations (工会驿站), drivers' homes (司机之家), love stations
 * (爱心驿家). Stored in WGS-84; `location` converts on request.
 */
@Directive('@key(fields: "id")')
@ObjectType('Station')
export class Station {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => StationKindEnum)
  kind!: StationKind;

  /** The union that runs the station; organizations resolves it. */
  @Field(() => Union, { nullable: true })
  hostUnion!: Union | null;

  @Field(() => Division, { nullable: true })
  division!: Division | null;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  /**
   * Always answers (the contract makes it non-null): for a station stored without coordinates, the
   * centre of its city stands in (location/stand-in.ts); `locationPrecision` tells which.
   */
  @Field(() => GeoPoint, {
    description: 'Where the station is. For a station without coordinates on record this is the centre of its city (see locationPrecision); maps that must not show approximate points use position.',
  })
  location!: GeoPoint;

  @Field(() => GeoPoint, {
    nullable: true,
    description: 'The station\'s surveyed coordinates in the system asked for, or null when the upstream gave none (a MISSING_COORDINATES data issue).',
  })
  position!: GeoPoint | null;

  @Field(() => LocationPrecisionEnum, { description: 'EXACT when location is the station\'s own coordinates; otherwise which centre stands in.' })
  locationPrecision!: LocationPrecision;

  @Field(() => [FacilityEnum])
  facilities!: Facility[];

  @Field(() => String, { nullable: true })
  hours!: string | null;

  @Field(() => StationUpgrade)
  upgrade!: StationUpgrade;
}
