import { OCCUPATIONS, type Occupation } from '../../schema/enums';

/**
 * A member's occupation tags as one integer in its row (members.occupation_mask, 013_member_stats):
 * the only place the tags are kept (015 dropped the one-row-per-tag table), read by
 * Member.occupations, the occupations filter and memberStats without a join. The bit of each
 * occupation is fixed by 013's backfill: a new occupation takes the next free bit, an existing one
 * never changes.
 */
export const OCCUPATION_BIT: Record<Occupation, number> = {
  COURIER: 1, FOOD_DELIVERY: 2, RIDE_HAILING: 4, TAXI: 8, TRUCK_DRIVER: 16, DOMESTIC_SERVICE: 32, OTHER: 64,
};

export function occupationMask(occupations: readonly Occupation[]): number {
  return occupations.reduce((mask, o) => mask | OCCUPATION_BIT[o], 0);
}

/** The occupations whose bits are set, in the enum's order. */
export function occupationsOfMask(mask: number): Occupation[] {
  return OCCUPATIONS.filter((o) => (mask & OCCUPATION_BIT[o]) !== 0);
}
