import { Field, Float, ObjectType } from 'type-graphql';
import { Station } from './station';

@ObjectType('StationHit')
export class StationHit {
  @Field(() => Station)
  station!: Station;

  /** Great-circle distance from the point asked about. */
  @Field(() => Float)
  distanceMeters!: number;
}
