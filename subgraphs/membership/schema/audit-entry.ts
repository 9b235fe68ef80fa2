import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DISCLOSED_FIELDS, type DisclosedField } from '../../../core/audit/audit-log';
import type { City } from '../../../schema/enums';
import { CityEnum, connectionType, DateTimeScalar } from '../../kit';

export const DisclosedFieldEnum = Object.freeze(Object.fromEntries(DISCLOSED_FIELDS.map((f) => [f, f]))) as { readonly [K in DisclosedField]: K };
registerEnumType(DisclosedFieldEnum, { name: 'DisclosedField', description: 'What was disclosed: Member.idNumber or Member.mobile' });

/** One disclosure of a member's full ID number or mobile (core/audit/audit-log.ts). */
@ObjectType('AuditEntry')
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: string;

  /** Who asked: the token's subject. */
  @Field(() => String)
  subject!: string;

  /** The role the token carried (PROVINCE_ADMIN or CITY_ADMIN: only they may disclose). */
  @Field(() => String)
  role!: string;

  /** The caller's city (a city admin's); null for a province-wide role. */
  @Field(() => CityEnum, { nullable: true })
  city!: City | null;

  @Field(() => ID)
  memberId!: string;

  @Field(() => DisclosedFieldEnum)
  field!: DisclosedField;

  @Field(() => String)
  purpose!: string;

  /** The gateway's x-request-id of the request that disclosed it, to find it in the logs. */
  @Field(() => String)
  requestId!: string;
}

export const AuditEntryConnection = connectionType('AuditEntry', () => AuditEntry);

@InputType('AuditLogFilter')
export class AuditLogFilter {
  @Field(() => ID, { nullable: true })
  memberId?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  /** At or after this instant. */
  @Field(() => DateTimeScalar, { nullable: true })
  since?: string | null;

  /** At or before this instant. */
  @Field(() => DateTimeScalar, { nullable: true })
  until?: string | null;
}
