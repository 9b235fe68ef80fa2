import { Arg, Ctx, Float, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { convertPoint, type LngLat } from '../../../core/geo';
import type { CoordSystem, Facility, StationKind } from '../../../schema/enums';
import {
  CoordSystemEnum, Division, divisionOf, FacilityEnum, pageRequest, StationKindEnum,
  type ConnectionValue, type DivisionValue, type SubgraphContext,
} from '../../kit';
import { scopedCities } from '../../kit/authorize';
import { reachableStation } from '../authorization';
import { placementOf } from '../location/stand-in';
import { stationsNear, type StationHitValue } from '../store/nearby';
import { stationsPage, type StationValue } from '../store/stations';
import { GeoPoint } from '../schema/geo-point';
import { LocationPrecisionEnum, type LocationPrecision } from '../schema/location-precision';
import { Station } from '../schema/station';
import { StationConnection } from '../schema/station-connection';
import { StationFilter } from '../schema/station-filter';
import { StationHit } from '../schema/station-hit';
import { Union } from '../schema/union';

@Resolver(() => Station)
export class StationResolver {
  @Query(() => Station, { nullable: true })
  station(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<StationValue | null> {
    return reachableStation(ctx, id);
  }

  @Query(() => StationConnection)
  stations(
    @Arg('filter', () => StationFilter, { nullable: true }) filter: StationFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConnectionValue<StationValue>> {
    const cities = scopedCities(ctx, 'stations:read', 'stations', filter?.cities);
    return stationsPage(ctx.store, { ...filter, cities }, pageRequest(first, after));
  }

  /** The 15-minute service circle: stations near a point, nearest first. */
  @Query(() => [StationHit], {
    description: 'Stations within withinMeters (1…50000) of a point given in any coordinate system, nearest first by great-circle distance. kinds and facilities (every one listed) filter before first (0…100) is applied. Stations without coordinates are never hits.',
  })
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
    // A city admin's circle holds only its city's stations, even where it crosses a city border.
    const cities = scopedCities(ctx, 'stations:read', 'stations', null);
    return stationsNear(ctx.store, {
      lng, lat, system: system ?? 'WGS84', withinMeters: withinMeters ?? 3000, kinds, facilities, cities, first: first ?? 10,
    });
  }

  /** A reference: organizations checks the caller's reach when it resolves the union. */
  @FieldResolver(() => Union, { nullable: true })
  hostUnion(@Root() station: StationValue): { id: string } | null {
    return station.hostUnionId ? { id: station.hostUnionId } : null;
  }

  @FieldResolver(() => Division, { nullable: true })
  division(@Root() station: StationValue): DivisionValue | null {
    return station.divisionCode ? divisionOf(station.divisionCode, station.city) : null;
  }

  /** Never fails: a station without coordinates answers its city's centre (location/stand-in.ts). */
  @FieldResolver(() => GeoPoint)
  location(
    @Root() station: StationValue,
    @Arg('system', () => CoordSystemEnum, { nullable: true, defaultValue: 'WGS84' }) system: CoordSystem | null,
  ): GeoPointValue {
    return inSystem(placementOf(station).point, system ?? 'WGS84');
  }

  @FieldResolver(() => GeoPoint, { nullable: true })
  position(
    @Root() station: StationValue,
    @Arg('system', () => CoordSystemEnum, { nullable: true, defaultValue: 'WGS84' }) system: CoordSystem | null,
  ): GeoPointValue | null {
    return station.point ? inSystem(station.point, system ?? 'WGS84') : null;
  }

  @FieldResolver(() => LocationPrecisionEnum)
  locationPrecision(@Root() station: StationValue): LocationPrecision {
    return placementOf(station).precision;
  }
}

interface GeoPointValue {
  lng: number;
  lat: number;
  system: CoordSystem;
}

/** A stored WGS-84 point in the system a client's map uses. */
function inSystem(point: LngLat, system: CoordSystem): GeoPointValue {
  return { ...convertPoint(point, 'WGS84', system), system };
}
