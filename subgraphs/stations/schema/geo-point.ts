import { Field, Float, ObjectType } from 'type-graphql';
import type { CoordSystem } from '../../../schema/enums';
import { CoordSystemEnum } from '../../kit';

/** A point in the coordinate system the client asked for (GPS WGS-84, Amap/Tencent GCJ-02, Baidu BD-09). */
@ObjectType('GeoPoint')
export class GeoPoint {
  @Field(() => Float)
  lng!: number;

  @Field(() => Float)
  lat!: number;

  @Field(() => CoordSystemEnum)
  system!: CoordSystem;
}
