import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { WelfareKind } from '../../../schema/enums';
import { DataIssue, DateTimeScalar, Division, WelfareKindEnum } from '../../kit';
import type { OrganizerLevel } from '../store/organizer';
import { WelfareEligibility } from './welfare-eligibility';
import { WelfareOrganizerLevelEnum } from './welfare-enums';

/** A welfare program of the "9+X" service package (暖"新"服务): check-ups, recuperation, camps… */
@Directive('@key(fields: "id")')
@ObjectType('WelfareProgram')
export class WelfareProgram {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => WelfareKindEnum)
  kind!: WelfareKind;

  @Field(() => Int)
  year!: number;

  /** Who pays, e.g. 浙江省总工会. */
  @Field(() => String)
  funder!: string;

  @Field(() => Float, { nullable: true })
  budgetYuan!: number | null;

  /** Null when the program has no fixed number of places. */
  @Field(() => Int, { nullable: true })
  places!: number | null;

  @Field(() => Float, { nullable: true })
  standardYuanPerPerson!: number | null;

  /** Enrollments ENROLLED or USED. */
  @Field(() => Int)
  placesUsed!: number;

  /** places − placesUsed; null when places is null. */
  @Field(() => Int, { nullable: true })
  placesLeft!: number | null;

  /** Computed checks, e.g. BUDGET_MISMATCH when budget ≠ places × standard. */
  @Field(() => [DataIssue])
  dataIssues!: DataIssue[];

  @Field(() => WelfareOrganizerLevelEnum)
  organizerLevel!: OrganizerLevel;

  /** The organizing union's division: what the program's activities are linked by. */
  @Field(() => Division)
  organizerDivision!: Division;

  @Field(() => WelfareEligibility)
  eligibility!: WelfareEligibility;

  /** Closed programs refuse enrollment (PROGRAM_CLOSED). */
  @Field(() => Boolean)
  closed!: boolean;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}
