import { Arg, Ctx, Float, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { HubError } from '../../../core/errors';
import { convertPoint } from '../../../core/geo';
import type { CoordSystem, Facility, StationKind } from '../../../schema/enums';
import {
  CoordSystemEnum, Division, divisionOf, FacilityEnum, pageRequest, StationKindEnum,
  type ConnectionValue, type DivisionValue, type SubgraphContext,
} from '../../kit';
import { stationsNear, type StationHitValue } from '../store/nearby';
import { stationLoader, stationsPage, type StationValue } from '../store/stations';
import { GeoPoint } from '../schema/geo-point';
import { Station } from '../schema/station';
import { StationConnection } from '../schema/station-connection';
import { StationFilter } from '../schema/station-filter';
import { StationHit } from '../schema/station-hit';
import { Union } from '../schema/union';

@Resolver(() => Station)
export class StationResolver {
  @Query(() => Station, { nullable: true })
  station(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<StationValue | null> {
    return ctx.loaders.get(stationLoader).load(id);
  }

  @Query(() => StationConnection)
  stations(
    @Arg('filter', () => StationFilter, { nullable: true }) filter: StationFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<StationValue>> {
    return stationsPage(ctx.store, { ...filter }, pageRequest(first, after));
  }

  /** The 15-minute service circle: stations near a point, nearest first. */
  @Query(() => [StationHit])
  stationsNear(
    @Arg('lng', () => Float) lng: number,
    @Arg('lat', () => Float) lat: number,
    @Arg('system', () => CoordSystemEnum, { nullable: true, defaultValue: 'WGS84' }) system: CoordSystem | null,
    @Arg('withinMeters', () => Int, { nullable: true, defaultValue: 3000 }) withinMeters: number | null,
    @Arg('kinds', () => [StationKindEnum], { nullable: true }) kinds: StationKind[] | null,
    @Arg('facilities', () => [FacilityEnum], { nullable: true }) facilities: Facility[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<StationHitValue[]> {
    return stationsNear(ctx.store, {
      lng, lat, system: system ?? 'WGS84', withinMeters: withinMeters ?? 3000, kinds, facilities, first: first ?? 10,
    });
  }

  @FieldResolver(() => Union, { nullable: true })
  hostUnion(@Root() station: StationValue): { id: string } | null {
    return station.hostUnionId ? { id: station.hostUnionId } : null;
  }

  @FieldResolver(() => Division, { nullable: true })
  division(@Root() station: StationValue): DivisionValue | null {
    return station.divisionCode ? divisionOf(station.divisionCode, station.city) : null;
  }

  /**
   * The contract makes `location` non-null, and a made-up point (0, 0 is in the Gulf of Guinea)
   * would send a rider somewhere wrong. So a station stored without coordinates answers a
   * DATA_MISSING error on this field instead. GraphQL then nulls the nearest nullable parent, and
   * in a `stations` page that is the whole page: ask for `location` only where it is needed, or
   * use `stationsNear`, which never returns such stations. Ingest flags them as data issues.
   */
  @FieldResolver(() => GeoPoint)
  location(
    @Root() station: StationValue,
    @Arg('system', () => CoordSystemEnum, { nullable: true, defaultValue: 'WGS84' }) system: CoordSystem | null,
  ): { lng: number; lat: number; system: CoordSystem } {
    if (!station.point) {
      throw new HubError('DATA_MISSING', `station ${station.id} has no coordinates on record`, { field: 'location', stationId: station.id });
    }
    const target = system ?? 'WGS84';
    return { ...convertPoint(station.point, 'WGS84', target), system: target };
  }
}
