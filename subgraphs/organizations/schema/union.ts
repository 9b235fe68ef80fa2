import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { City, UnionType } from '../../../schema/enums';
import { CityEnum, DateScalar, Division, UnionTypeEnum } from '../../kit';
import { UnionConnection } from './union-connection';
import { UnionHealth } from './union-health';

/**
 * A trade union at any level: the province federation, city and county federations, street and
 * town federations, grassroots unions. Organizations owns it; membership adds the member counts
 * and stations the stations it hosts.
 * Fields with arguments or lookups (division, parent, children, health) are resolved in
 * resolvers/union.resolver.ts; every field is still declared here, so this file is the whole type.
 */
@Directive('@key(fields: "id")')
@ObjectType('Union')
export class Union {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  /** Unified social credit code; unions' start with 8 (grassroots 81). */
  @Field(() => String, { nullable: true })
  creditCode!: string | null;

  @Field(() => UnionTypeEnum)
  type!: UnionType;

  @Field(() => Division)
  division!: Division;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => Union, { nullable: true })
  parent!: Union | null;

  @Field(() => UnionConnection)
  children!: object;

  @Field(() => DateScalar, { nullable: true })
  foundedOn!: string | null;

  @Field(() => DateScalar, { nullable: true })
  lastElectionOn!: string | null;

  @Field(() => Boolean)
  dissolved!: boolean;

  /** Passive monitoring's latest verdict; null until monitoring has evaluated the union. */
  @Field(() => UnionHealth, { nullable: true })
  health!: UnionHealth | null;
}

