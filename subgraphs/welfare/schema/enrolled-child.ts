import { Field, Int, ObjectType } from 'type-graphql';

/**
 * The child holding a camp place, as every list shows it: the given name masked (小明 → 小*), the
 * birth year. The full given name is stored encrypted and not served here; a privileged, audited
 * read for the camp's organizers belongs to the security work.
 */
@ObjectType('EnrolledChild')
export class EnrolledChild {
  @Field(() => String)
  givenNameMasked!: string;

  @Field(() => Int)
  birthYear!: number;
}
