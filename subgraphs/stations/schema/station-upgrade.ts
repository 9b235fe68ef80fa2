import { Field, Int, ObjectType } from 'type-graphql';
import type { UpgradeStatus } from '../../../schema/enums';
import { UpgradeStatusEnum } from '../../kit';

/** The livelihood-project upgrade (民生实事) of a station, and the year it is or was due. */
@ObjectType('StationUpgrade')
export class StationUpgrade {
  @Field(() => UpgradeStatusEnum)
  status!: UpgradeStatus;

  @Field(() => Int, { nullable: true })
  year!: number | null;
}
