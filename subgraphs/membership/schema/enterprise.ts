import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * A member's employer, known here only by credit code; organizations resolves the rest
 * (it declares the same key). Membership cannot resolve it, hence resolvable: false.
 */
@Directive('@key(fields: "creditCode", resolvable: false)')
@ObjectType('Enterprise')
export class Enterprise {
  @Field(() => String, { nullable: true })
  creditCode!: string | null;
}
