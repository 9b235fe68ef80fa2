import type { ActivityKind, WelfareKind } from '../../../schema/enums';
import { areaPrefix } from './organizer';
import type { ProgramValue } from './programs';

/**
 * Upstream activities carry no program id, so welfare links a check-up or summer-cooling activity
 * to a program by rule:
 *
 * 1. the kinds match (activity CHECKUP ↔ program HEALTH_CHECKUP, SUMMER_COOLING ↔ SUMMER_COOLING);
 * 2. the activity's date falls in the program's year;
 * 3. the activity's union lies inside the program's organizer division (the province covers every
 *    union, a city its counties, a county itself), read from the union's GB/T 2260 code;
 * 4. among the programs left, the one with the narrowest division wins (a county's own program
 *    before the city's before the province's);
 * 5. if two programs tie at the narrowest level, the activity does not say which it belongs to:
 *    it stays unlinked, and both are named as candidates. (The 2025 national and provincial
 *    check-ups are both province-wide: a check-up activity outside any city or county program
 *    names both.)
 */
export const ACTIVITY_KIND_OF: Partial<Record<WelfareKind, ActivityKind>> = {
  HEALTH_CHECKUP: 'CHECKUP',
  SUMMER_COOLING: 'SUMMER_COOLING',
};

export const WELFARE_ACTIVITY_KINDS: readonly ActivityKind[] = ['CHECKUP', 'SUMMER_COOLING'];

export function welfareKindOfActivity(kind: string): WelfareKind | null {
  if (kind === 'CHECKUP') return 'HEALTH_CHECKUP';
  if (kind === 'SUMMER_COOLING') return 'SUMMER_COOLING';
  return null;
}

export interface ActivityLink {
  /** The one program the activity belongs to, or null (no program, or a tie). */
  program: ProgramValue | null;
  /** Every program at the narrowest matching level (one when linked, two or more on a tie). */
  candidates: ProgramValue[];
}

const covers = (program: ProgramValue, divisionCode: string) => divisionCode.startsWith(areaPrefix(program.organizerDivision));

/** `programs` are the programs of the activity's kind and year. */
export function linkActivity(unionDivision: string | null, programs: readonly ProgramValue[]): ActivityLink {
  if (unionDivision === null) return { program: null, candidates: [] };
  const covering = programs.filter((p) => covers(p, unionDivision));
  if (covering.length === 0) return { program: null, candidates: [] };
  const narrowest = Math.max(...covering.map((p) => areaPrefix(p.organizerDivision).length));
  const candidates = covering.filter((p) => areaPrefix(p.organizerDivision).length === narrowest);
  return { program: candidates.length === 1 ? candidates[0] : null, candidates };
}

/**
 * The unions whose activities a program gets, as division-code prefixes: inside `include`, outside
 * every `exclude` (narrower programs of the same kind and year claim those). Null when a program
 * of the same division ties with it, so that nothing is linked to it alone.
 */
export interface ProgramActivityScope {
  activityKind: ActivityKind;
  year: number;
  include: string;
  exclude: string[];
}

export function programActivityScope(program: ProgramValue, sameKindAndYear: readonly ProgramValue[]): ProgramActivityScope | null {
  const activityKind = ACTIVITY_KIND_OF[program.kind];
  if (!activityKind) return null;
  const include = areaPrefix(program.organizerDivision);
  const others = sameKindAndYear.filter((p) => p.id !== program.id);
  if (others.some((p) => areaPrefix(p.organizerDivision) === include)) return null;
  const exclude = others.map((p) => areaPrefix(p.organizerDivision)).filter((prefix) => prefix.length > include.length && prefix.startsWith(include));
  return { activityKind, year: program.year, include, exclude };
}
