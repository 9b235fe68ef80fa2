import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../kit';
import { Member } from './member';

/**
 * A union's members. The node may be null: a member outside the caller's city (a Ningbo admin
 * listing a Ningbo union one of whose members the member view places in Shaoxing) is an error at
 * that node's path, and the rest of the page still comes. The cursor is there either way.
 */
@ObjectType('UnionMemberEdge')
export class UnionMemberEdge {
  @Field(() => Member, { nullable: true })
  node!: Member | null;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('UnionMemberConnection')
export class UnionMemberConnection {
  @Field(() => [UnionMemberEdge])
  edges!: UnionMemberEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
