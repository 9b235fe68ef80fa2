import type { Gender, MemberStatus, MembershipEventKind, Occupation, Severity } from '../../schema/enums';
import { maskName, nameKey } from './name-key';

/**
 * Survivorship: how one member's fields are derived from every upstream record of that person
 * (one `MemberSource` per system and source id). Pure functions: the pipeline's member-view writer
 * calls them for every person a batch touched. The rules, also in the README:
 * 1. The latest ACTIVE source (highest version, i.e. upstream updated-at) decides union, city,
 *    employer and status; with no active source, the latest source decides.
 * 2. The earliest join date wins, with the channel of that join.
 * 3. Occupational tags are the union of the active sources' tags; with no active source, the
 *    tags of the latest source (what the person did when they last were a member).
 * 4. The newest non-empty name and mobile win.
 * 5. Gender and birth date come from the resident ID number when there is one; an upstream value
 *    that contradicts it is a data issue, never the answer.
 * Conflicts become data issues, never silent overwrites:
 * - DUAL_ACTIVE_MEMBERSHIP: active in two or more different unions at once;
 * - NAME_MISMATCH: the same document under clearly different names (compared by nameKey, so a
 *   traditional/simplified variant, spacing or a different middle dot is the same name);
 * - GENDER_MISMATCH / BIRTH_DATE_MISMATCH: an upstream contradicts the resident ID number.
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
  /**
   * Earlier versions of this record as the hub received them (member_source_states), any order,
   * the current one may be included. Without them history shows only what the current version says.
   */
  states?: SourceState[];
}

/** What one version of an upstream record said about the membership. */
export interface SourceState {
  version: number;
  status: MemberStatus;
  unionId: string | null;
  joinedOn: string | null;
}

export interface SurvivingMember {
  name: string;
  /** nameKey(name): what nameContains searches besides the name and its pinyin (members.name_key). */
  nameKey: string;
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

export type MemberIssueCode = 'DUAL_ACTIVE_MEMBERSHIP' | 'NAME_MISMATCH' | 'GENDER_MISMATCH' | 'BIRTH_DATE_MISMATCH';

/** A member-level data issue: stored with entity_type 'member', entity_id the member id, system ''. */
export interface MemberIssue {
  code: MemberIssueCode;
  severity: Severity;
  /** The member field the conflict is about (unionId, name, gender, birthDate). */
  field: string;
  /** Names the sources involved; personal data masked (no ID number, phone or birth date). */
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

const newestFirst = (a: SourceView, b: SourceView) => b.version - a.version || a.system.localeCompare(b.system) || a.sourceId.localeCompare(b.sourceId);
const describe = (s: SourceView) => `${s.system} ${s.sourceId}`;

export function survive(sources: SourceView[], idFacts: IdFacts): { member: SurvivingMember; issues: MemberIssue[] } {
  if (sources.length === 0) throw new Error('survive: a member needs at least one source');
  const byNewest = [...sources].sort(newestFirst);
  const active = byNewest.filter((s) => s.status === 'ACTIVE');
  const decider = active[0] ?? byNewest[0];
  const earliestJoin = byNewest
    .filter((s) => s.joinedOn)
    .reduce<SourceView | null>((best, s) => (best === null || (s.joinedOn as string) < (best.joinedOn as string) ? s : best), null);
  const tags = new Set<Occupation>((active.length > 0 ? active : [decider]).flatMap((s) => s.occupations));
  const name = byNewest.find((s) => s.name.trim() !== '')?.name ?? '';
  const member: SurvivingMember = {
    name,
    nameKey: nameKey(name),
    gender: idFacts.gender ?? byNewest.find((s) => s.gender)?.gender ?? null,
    birthDate: idFacts.birthDate ?? byNewest.find((s) => s.birthDate)?.birthDate ?? null,
    mobile: byNewest.find((s) => s.mobile)?.mobile ?? null,
    unionId: decider.unionId,
    city: decider.city,
    employerName: decider.employerName,
    employerCreditCode: decider.employerCreditCode,
    joinedOn: earliestJoin?.joinedOn ?? null,
    joinChannel: earliestJoin ? earliestJoin.joinChannel : decider.joinChannel,
    occupations: [...tags].sort(),
    status: decider.status,
    updatedAt: new Date(byNewest[0].version).toISOString(),
  };
  return { member, issues: conflicts(byNewest, active, idFacts) };
}

function conflicts(sources: SourceView[], active: SourceView[], idFacts: IdFacts): MemberIssue[] {
  return [dualActive(active), nameMismatch(sources), genderMismatch(sources, idFacts), birthDateMismatch(sources, idFacts)]
    .filter((i): i is MemberIssue => i !== null);
}

/** Active in different unions; an active record that names no union proves nothing either way. */
function dualActive(active: SourceView[]): MemberIssue | null {
  const unions = new Set(active.flatMap((s) => (s.unionId ? [s.unionId] : [])));
  if (unions.size < 2) return null;
  return {
    code: 'DUAL_ACTIVE_MEMBERSHIP', severity: 'WARNING', field: 'unionId',
    message: `active in ${unions.size} unions at once: ${active.filter((s) => s.unionId).map((s) => `${s.unionId} (${describe(s)})`).join(', ')}`,
  };
}

function nameMismatch(sources: SourceView[]): MemberIssue | null {
  const named = sources.filter((s) => nameKey(s.name) !== '');
  const keys = new Set(named.map((s) => nameKey(s.name)));
  if (keys.size < 2) return null;
  return {
    code: 'NAME_MISMATCH', severity: 'WARNING', field: 'name',
    message: `the same ID number is registered under ${keys.size} different names: ${named.map((s) => `${maskName(s.name)} (${describe(s)})`).join(', ')}`,
  };
}

function genderMismatch(sources: SourceView[], idFacts: IdFacts): MemberIssue | null {
  if (!idFacts.gender) return null;
  const wrong = sources.filter((s) => s.gender && s.gender !== idFacts.gender);
  if (wrong.length === 0) return null;
  return {
    code: 'GENDER_MISMATCH', severity: 'WARNING', field: 'gender',
    message: `${wrong.map((s) => `${describe(s)} says ${s.gender}`).join(', ')}; the ID number encodes ${idFacts.gender}, which the member shows`,
  };
}

function birthDateMismatch(sources: SourceView[], idFacts: IdFacts): MemberIssue | null {
  if (!idFacts.birthDate) return null;
  const wrong = sources.filter((s) => s.birthDate && s.birthDate !== idFacts.birthDate);
  if (wrong.length === 0) return null;
  return {
    code: 'BIRTH_DATE_MISMATCH', severity: 'WARNING', field: 'birthDate',
    message: `${wrong.map(describe).join(', ')} give a birth date other than the one the ID number encodes, which the member shows`,
  };
}

/**
 * The membership history, oldest first, from every source and the versions of it the hub received:
 * - each source's join (at its join date, 00:00 China time): TRANSFERRED_IN when it is the join that
 *   followed a transfer out of another union (会员关系转接), else JOINED. A transfer in never comes
 *   before the transfer out it follows: when the old system recorded the out later than the new
 *   one's join date (the same day, or paperwork lag), the transfer in is dated at the transfer out;
 * - TRANSFERRED_OUT and LEFT when a version says so (at that version's upstream time);
 * - a re-join (LEFT or TRANSFERRED_OUT, then ACTIVE again in the same record) as JOINED, at the new
 *   join date when the upstream gives one after the exit, else at the version's time;
 * - UPDATED when an active record moves to another union without saying transfer.
 */
export function history(sources: SourceView[]): HistoryEvent[] {
  const timelines = sources.map((s) => ({ source: s, states: timelineOf(s) }));
  const transferredIn = pairTransfers(timelines);
  const events: HistoryEvent[] = [];
  for (const { source, states } of timelines) {
    const event = (kind: MembershipEventKind, at: string, unionId: string | null) =>
      events.push({ kind, at, system: source.system, sourceId: source.sourceId, unionId });
    const first = states[0];
    const transferOut = transferredIn.get(source);
    if (first.joinedOn && transferOut) event('TRANSFERRED_IN', later(joinInstant(first.joinedOn), transferOut), first.unionId);
    else if (first.joinedOn) event('JOINED', joinInstant(first.joinedOn), first.unionId);
    if (first.status !== 'ACTIVE') event(first.status, versionInstant(first.version), first.unionId);
    for (let i = 1; i < states.length; i++) {
      const [before, now] = [states[i - 1], states[i]];
      if (now.status !== 'ACTIVE') {
        if (before.status === 'ACTIVE' || before.status !== now.status) event(now.status, versionInstant(now.version), now.unionId ?? before.unionId);
      } else if (before.status !== 'ACTIVE') {
        const rejoined = now.joinedOn && joinInstant(now.joinedOn) > versionInstant(before.version) ? joinInstant(now.joinedOn) : versionInstant(now.version);
        event('JOINED', rejoined, now.unionId);
      } else if (now.unionId !== before.unionId) {
        event('UPDATED', versionInstant(now.version), now.unionId);
      }
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.sourceId.localeCompare(b.sourceId));
}

/** At the same instant a membership ends before the next one starts. */
const KIND_ORDER: Record<MembershipEventKind, number> = { TRANSFERRED_OUT: 0, LEFT: 1, JOINED: 2, TRANSFERRED_IN: 3, UPDATED: 4 };

/** A source's versions, oldest first, one per version, ending with the current one. */
function timelineOf(s: SourceView): SourceState[] {
  const current: SourceState = { version: s.version, status: s.status, unionId: s.unionId, joinedOn: s.joinedOn };
  const byVersion = new Map<number, SourceState>();
  for (const state of s.states ?? []) if (state.version < s.version) byVersion.set(state.version, state);
  byVersion.set(s.version, current);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/**
 * Each transfer out explains at most one join: the join into another union, after the old
 * membership began and within TRANSFER_WINDOW_DAYS of the transfer out (either side: the two
 * systems record the move on their own schedules), the closest one. The first transfers out choose first.
 */
export const TRANSFER_WINDOW_DAYS = 180;
const TRANSFER_WINDOW_MS = TRANSFER_WINDOW_DAYS * 86_400_000;

function pairTransfers(timelines: Array<{ source: SourceView; states: SourceState[] }>): Map<SourceView, string> {
  const outs = timelines
    .flatMap(({ source, states }) => states.filter((st) => st.status === 'TRANSFERRED_OUT').slice(0, 1).map((st) => ({ source, out: st, began: states[0].joinedOn })))
    .sort((a, b) => a.out.version - b.out.version);
  const paired = new Map<SourceView, string>();
  for (const { source, out, began } of outs) {
    const outAt = out.version;
    const candidates = timelines
      .filter(({ source: s, states }) => s !== source && !paired.has(s) && states[0].joinedOn && states[0].unionId !== out.unionId
        && (!began || (states[0].joinedOn as string) >= began))
      .map(({ source: s, states }) => ({ s, distance: Math.abs(Date.parse(joinInstant(states[0].joinedOn as string)) - outAt) }))
      .filter((c) => c.distance <= TRANSFER_WINDOW_MS)
      .sort((a, b) => a.distance - b.distance);
    if (candidates.length > 0) paired.set(candidates[0].s, versionInstant(out.version));
  }
  return paired;
}

/** A join date is a calendar day in China (UTC+8): it begins at 00:00 there. */
function joinInstant(date: string): string {
  return new Date(`${date}T00:00:00.000+08:00`).toISOString();
}

function versionInstant(version: number): string {
  return new Date(version).toISOString();
}

const later = (a: string, b: string) => (a > b ? a : b);
