import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { City, Facility, StationKind } from '../../../schema/enums';
import { CityEnum, Division, FacilityEnum, StationKindEnum } from '../../kit';
import { GeoPoint } from './geo-point';
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

  /** Errors with DATA_MISSING for a station stored without coordinates (resolvers/station.resolver.ts). */
  @Field(() => GeoPoint)
  location!: GeoPoint;

  @Field(() => [FacilityEnum])
  facilities!: Facility[];

  @Field(() => String, { nullable: true })
  hours!: string | null;

  @Field(() => StationUpgrade)
  upgrade!: StationUpgrade;
}
