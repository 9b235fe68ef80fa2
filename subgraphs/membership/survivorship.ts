import type { Gender, MemberStatus, MembershipEventKind, Occupation } from '../../schema/enums';
import { toSimplified } from '../../core/identity/person-name';

/**
 * Survivorship: how one member's fields are derived from every upstream record of that person
 * (one `MemberSource` per system and source id). The rules, also in the README:
 * 1. The latest ACTIVE source (highest version) decides union, city, employer and status;
 *    with no active source, the latest source decides and the status is its status.
 * 2. The earliest join date wins, and the channel of that join.
 * 3. Occupational tags are the union of the active sources' tags (of the latest source if none is active).
 * 4. The newest non-empty name and mobile win.
 * 5. Gender and birth date come from the resident ID number when there is one.
 * Conflicts become data issues, never silent overwrites.
 */
export interface SourceView {
  system: string;
  sourceId: string;
  name: string;
  gender: Gender | null;
  birthDate: string | null;
  mobile: string | null;
  unionId: string | null;
  city: string | null;
  joinedOn: string | null;
  joinChannel: string | null;
  occupations: Occupation[];
  employerName: string | null;
  employerCreditCode: string | null;
  status: MemberStatus;
  version: number;
}

export interface SurvivingMember {
  name: string;
  gender: Gender | null;
  birthDate: string | null;
  mobile: string | null;
  unionId: string | null;
  city: string | null;
  employerName: string | null;
  employerCreditCode: string | null;
  joinedOn: string | null;
  joinChannel: string | null;
  occupations: Occupation[];
  status: MemberStatus;
  updatedAt: string;
}

export interface MemberIssue {
  code: 'DUAL_ACTIVE_MEMBERSHIP' | 'NAME_MISMATCH' | 'GENDER_MISMATCH' | 'BIRTH_DATE_MISMATCH';
  message: string;
}

export interface HistoryEvent {
  kind: MembershipEventKind;
  at: string;
  system: string;
  sourceId: string;
  unionId: string | null;
}

export interface IdFacts {
  gender: Gender | null;
  birthDate: string | null;
}

const newestFirst = (a: SourceView, b: SourceView) => b.version - a.version || a.sourceId.localeCompare(b.sourceId);

export function survive(sources: SourceView[], idFacts: IdFacts): { member: SurvivingMember; issues: MemberIssue[] } {
  if (sources.length === 0) throw new Error('survive: a member needs at least one source');
  const byNewest = [...sources].sort(newestFirst);
  const active = byNewest.filter((s) => s.status === 'ACTIVE');
  const decider = active[0] ?? byNewest[0];
  const earliestJoin = sources
    .filter((s) => s.joinedOn)
    .sort((a, b) => (a.joinedOn as string).localeCompare(b.joinedOn as string))[0];
  const tags = new Set<Occupation>((active.length > 0 ? active : [decider]).flatMap((s) => s.occupations));
  const member: SurvivingMember = {
    name: byNewest.find((s) => s.name.trim() !== '')?.name ?? '',
    gender: idFacts.gender ?? byNewest.find((s) => s.gender)?.gender ?? null,
    birthDate: idFacts.birthDate ?? byNewest.find((s) => s.birthDate)?.birthDate ?? null,
    mobile: byNewest.find((s) => s.mobile)?.mobile ?? null,
    unionId: decider.unionId,
    city: decider.city,
    employerName: decider.employerName,
    employerCreditCode: decider.employerCreditCode,
    joinedOn: earliestJoin?.joinedOn ?? null,
    joinChannel: earliestJoin?.joinChannel ?? decider.joinChannel,
    occupations: [...tags].sort(),
    status: decider.status,
    updatedAt: new Date(byNewest[0].version).toISOString(),
  };
  return { member, issues: conflicts(sources, active, idFacts) };
}

function conflicts(sources: SourceView[], active: SourceView[], idFacts: IdFacts): MemberIssue[] {
  const issues: MemberIssue[] = [];
  const activeUnions = new Set(active.map((s) => s.unionId));
  if (activeUnions.size > 1) {
    issues.push({
      code: 'DUAL_ACTIVE_MEMBERSHIP',
      message: `active in ${activeUnions.size} unions at once: ${active.map((s) => `${s.unionId} (${s.system} ${s.sourceId})`).join(', ')}`,
    });
  }
  const names = new Set(sources.map((s) => toSimplified(s.name).replace(/\s/g, '')).filter((n) => n !== ''));
  if (names.size > 1) {
    issues.push({ code: 'NAME_MISMATCH', message: `the same ID number is registered under ${names.size} different names (${sources.map((s) => `${s.system} ${s.sourceId}`).join(', ')})` });
  }
  if (idFacts.gender && sources.some((s) => s.gender && s.gender !== idFacts.gender)) {
    issues.push({ code: 'GENDER_MISMATCH', message: `an upstream gender contradicts the one the ID number encodes (${idFacts.gender})` });
  }
  if (idFacts.birthDate && sources.some((s) => s.birthDate && s.birthDate !== idFacts.birthDate)) {
    issues.push({ code: 'BIRTH_DATE_MISMATCH', message: 'an upstream birth date contradicts the one the ID number encodes' });
  }
  return issues;
}

/**
 * History from the sources: each source's join (TRANSFERRED_IN when the person left another
 * union by transfer before it), and its transfer out or leaving at the time the upstream recorded it.
 */
export function history(sources: SourceView[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const transfersOut = sources.filter((s) => s.status === 'TRANSFERRED_OUT');
  for (const s of sources) {
    const joinedAt = s.joinedOn ? `${s.joinedOn}T00:00:00.000+08:00` : null;
    const cameByTransfer = transfersOut.some((o) => o !== s && o.unionId !== s.unionId && (!joinedAt || !o.joinedOn || o.joinedOn <= (s.joinedOn as string)));
    if (joinedAt) events.push({ kind: cameByTransfer ? 'TRANSFERRED_IN' : 'JOINED', at: toIso(joinedAt), system: s.system, sourceId: s.sourceId, unionId: s.unionId });
    if (s.status === 'TRANSFERRED_OUT' || s.status === 'LEFT') {
      events.push({ kind: s.status, at: new Date(s.version).toISOString(), system: s.system, sourceId: s.sourceId, unionId: s.unionId });
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
}

function toIso(local: string): string {
  return new Date(local).toISOString();
}
