import { Field, ID, ObjectType } from 'type-graphql';
import type { FormationStage } from '../../../schema/enums';
import { DateTimeScalar, FormationStageEnum } from '../../kit';

/** An application to form a union at an enterprise (Shaoxing's "Internet+" 建会 system). */
@ObjectType('FormationApplication')
export class FormationApplication {
  @Field(() => ID)
  id!: string;

  @Field(() => FormationStageEnum)
  stage!: FormationStage;

  @Field(() => DateTimeScalar)
  submittedAt!: string;

  /** When the stage last changed. */
  @Field(() => DateTimeScalar, { nullable: true })
  updatedAt!: string | null;
}
