import { Field, InputType, Int } from 'type-graphql';
import type { City, Facility, StationKind, UpgradeStatus } from '../../../schema/enums';
import { CityEnum, FacilityEnum, StationKindEnum, UpgradeStatusEnum } from '../../kit';

@InputType('StationFilter')
export class StationFilter {
  @Field(() => [CityEnum], { nullable: true })
  cities?: City[] | null;

  @Field(() => [StationKindEnum], { nullable: true })
  kinds?: StationKind[] | null;

  /** Stations that have every one of these facilities. */
  @Field(() => [FacilityEnum], { nullable: true })
  facilities?: Facility[] | null;

  @Field(() => UpgradeStatusEnum, { nullable: true })
  upgradeStatus?: UpgradeStatus | null;

  @Field(() => Int, { nullable: true })
  upgradeYear?: number | null;
}
