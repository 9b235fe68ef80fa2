import { BACKFILL_BITS } from '../../core/store/migrations/013_member_stats';
import { OCCUPATIONS } from '../../schema/enums';
import { OCCUPATION_BIT, occupationMask, occupationsOfMask } from '../../subgraphs/membership/occupation-mask';

/**
 * memberStats counts occupations from members.occupation_mask: the writer's bits and those 013
 * backfilled existing members with must be the same, or stores migrated with members would count
 * them under other occupations.
 */
describe('occupation mask', () => {
  it('uses the bits 013_member_stats backfilled with, one distinct bit per occupation', () => {
    expect(Object.fromEntries(BACKFILL_BITS)).toEqual(OCCUPATION_BIT);
    expect(new Set(OCCUPATIONS.map((o) => OCCUPATION_BIT[o])).size).toBe(OCCUPATIONS.length);
  });

  it('round-trips a member\'s tags, in the enum order', () => {
    expect(occupationsOfMask(occupationMask(['TAXI', 'COURIER']))).toEqual(['COURIER', 'TAXI']);
    expect(occupationsOfMask(occupationMask([]))).toEqual([]);
  });
});
