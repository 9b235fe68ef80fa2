import { Directive, Field, ObjectType } from 'type-graphql';
import type { DataIssuesTable } from '../../core/store/tables';
import type { Severity } from '../../schema/enums';
import { SeverityEnum } from './enums';
import { DateTimeScalar } from './scalars';

/**
 * Something wrong with the data that did not stop it from being served. Organizations lists the
 * stored ones, membership shows a member's, welfare computes its own: @shareable.
 */
@Directive('@shareable')
@ObjectType('DataIssue')
export class DataIssue {
  @Field(() => String)
  code!: string;

  @Field(() => SeverityEnum)
  severity!: Severity;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => String, { nullable: true })
  sourceId!: string | null;

  @Field(() => String, { nullable: true })
  field!: string | null;

  @Field(() => DateTimeScalar)
  detectedAt!: string;
}

export interface DataIssueValue {
  /** The row id, for cursors; computed issues have none. */
  id: number | null;
  code: string;
  severity: Severity;
  message: string;
  system: string | null;
  sourceId: string | null;
  field: string | null;
  detectedAt: string;
}

/** The table stores '' for absent keys (so its unique constraint holds); the API says null. */
const orNull = (text: string): string | null => (text === '' ? null : text);

export function dataIssueFromRow(row: Pick<DataIssuesTable, 'code' | 'severity' | 'message' | 'system' | 'source_id' | 'field' | 'detected_at'> & { id: number }): DataIssueValue {
  return {
    id: Number(row.id),
    code: row.code,
    severity: row.severity,
    message: row.message,
    system: orNull(row.system),
    sourceId: orNull(row.source_id),
    field: orNull(row.field),
    detectedAt: row.detected_at,
  };
}
