import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { City } from '../../../schema/enums';
import { CityEnum, DateTimeScalar } from '../../kit';

/** One configured upstream and how its syncing went (sources and checkpoints tables). */
@ObjectType('SourceStatus')
export class SourceStatus {
  @Field(() => ID)
  id!: string;

  /** The contract name, e.g. ningbo-yonggonghui. */
  @Field(() => String)
  adapter!: string;

  @Field(() => [CityEnum])
  cities!: City[];

  @Field(() => DateTimeScalar, { nullable: true })
  lastSyncStartedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastSyncFinishedAt!: string | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  /** JSON object of resource → stored watermark or cursor; null before the first sync. */
  @Field(() => String, { nullable: true })
  checkpoint!: string | null;

  @Field(() => Int)
  recordsApplied!: number;

  @Field(() => Int)
  deadLetters!: number;
}
