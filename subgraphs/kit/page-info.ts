import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay page info. Every subgraph with a connection declares it, hence @shareable. */
@Directive('@shareable')
@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
