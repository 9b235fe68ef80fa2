import { checkCharacter } from '../../core/identity/resident-id';

/** Records in the provincial contract's own shape, for pipeline tests. */
export function residentId(area: string, birth: string, seq: string): string {
  const first17 = area + birth + seq;
  return first17 + checkCharacter(first17);
}

export function provincialUnion(id: string, over: Record<string, unknown> = {}) {
  return {
    id, kind: 'UNION', name: `工会${id}`, creditCode: '', parentId: 'ZJGH0000000', division: '330106',
    unionType: 'GRASSROOTS', foundedOn: '2020-01-01', lastElectionOn: '2023-05-01', dissolved: false,
    updatedAt: '2025-01-01T00:00:00.000Z', deleted: false, ...over,
  };
}

export function provincialMember(id: string, over: Record<string, unknown> = {}) {
  return {
    id, name: '王芳', idType: 'RESIDENT_ID', idNumber: residentId('330106', '19900101', '123'), gender: 'MALE',
    mobile: '13800001234', unionId: 'ZJGH0000100', joinedAt: '2024-05-01', joinChannel: 'QR_CODE',
    occupations: ['FOOD_DELIVERY'], employer: { name: '某配送站', creditCode: '' }, status: 'ACTIVE',
    updatedAt: '2025-03-02T08:11:09.120Z', deleted: false, ...over,
  };
}
