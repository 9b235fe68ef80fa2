import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { City, WelfareKind } from '../../../schema/enums';
import { CityEnum, connectionType, DateScalar, WelfareKindEnum } from '../../kit';
import { Union } from './union';
import { WelfareProgram } from './welfare-program';

/**
 * A check-up or summer-cooling activity an upstream reported, with the program it belongs to by
 * the link rule (store/activity-links.ts): kind, year, and the narrowest organizer division that
 * holds the activity's union.
 */
@ObjectType('WelfareActivity')
export class WelfareActivity {
  @Field(() => ID)
  id!: string;

  /** HEALTH_CHECKUP for a CHECKUP activity, SUMMER_COOLING for SUMMER_COOLING. */
  @Field(() => WelfareKindEnum)
  kind!: WelfareKind;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => Int, { nullable: true })
  participants!: number | null;

  @Field(() => Float, { nullable: true })
  amountYuan!: number | null;

  /** The upstream contract and the record's id there. */
  @Field(() => String)
  system!: string;

  @Field(() => String)
  sourceId!: string;

  @Field(() => Union)
  union!: Union;

  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  /** Null when no program matches, or when two match equally (see candidatePrograms). */
  @Field(() => WelfareProgram, { nullable: true })
  program!: WelfareProgram | null;

  /** The programs at the narrowest matching level: one when linked, several on a tie. */
  @Field(() => [WelfareProgram])
  candidatePrograms!: WelfareProgram[];
}

export const WelfareActivityConnection = connectionType('WelfareActivity', () => WelfareActivity);
