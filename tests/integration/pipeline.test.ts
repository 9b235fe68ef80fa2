import { mapProvincialRecord } from '../../adapters/zhejiang-digital-union/map';
import { applyBatch, type BatchRecord } from '../../adapters/pipeline/apply-batch';
import { registerSources } from '../../adapters/pipeline/sources';
import type { Store } from '../../core/store/database';
import { STORE_VARIANTS } from '../support/stores';
import { testPii } from '../support/pii';
import { provincialMember, provincialUnion, residentId } from '../support/provincial-records';

const pii = testPii();
const SOURCE = 'province';

describe.each(STORE_VARIANTS)('ingest pipeline on $name', (variant) => {
  let store: Store & { dispose(): Promise<void> };

  beforeEach(async () => {
    store = await variant.open();
    await registerSources(store, [{ id: SOURCE, adapter: 'zhejiang-digital-union', cities: ['HANGZHOU'], baseUrl: 'http://127.0.0.1:1' }]);
  });
  afterEach(() => store.dispose());

  const apply = (records: Array<[string, unknown]>, checkpoint?: { resource: string; value: string }) =>
    applyBatch(store, pii, {
      sourceId: SOURCE,
      system: 'zhejiang-digital-union',
      records: records.map(([resource, raw]): BatchRecord => ({ resource, raw, deliveryId: '' })),
      map: mapProvincialRecord,
      checkpoint,
    });

  it('applies a record once: the same or an older version changes nothing', async () => {
    const v1 = provincialUnion('ZJGH0000100', { name: '旧名', updatedAt: '2025-01-01T00:00:00.000Z' });
    const v2 = provincialUnion('ZJGH0000100', { name: '新名', updatedAt: '2025-02-01T00:00:00.000Z' });
    expect(await apply([['organizations/330100', v2]])).toEqual({ applied: 1, unchanged: 0, deadLetters: 0 });
    expect(await apply([['organizations/330100', v2], ['organizations/330100', v1]])).toEqual({ applied: 0, unchanged: 2, deadLetters: 0 });
    const row = await store.db.selectFrom('unions').selectAll().where('id', '=', 'ZJGH0000100').executeTakeFirstOrThrow();
    expect(row.name).toBe('新名');
    const log = await store.db.selectFrom('change_log').selectAll().execute();
    expect(log).toHaveLength(1);
  });

  it('keeps a delete when an older upsert arrives after it', async () => {
    const deleted = provincialUnion('ZJGH0000101', { deleted: true, updatedAt: '2025-03-01T00:00:00.000Z' });
    const older = provincialUnion('ZJGH0000101', { updatedAt: '2025-02-01T00:00:00.000Z' });
    await apply([['organizations/330100', deleted], ['organizations/330100', older]]);
    const row = await store.db.selectFrom('unions').select(['deleted']).where('id', '=', 'ZJGH0000101').executeTakeFirstOrThrow();
    expect(row.deleted).toBe(1);
  });

  it('turns an ID number with a wrong check character into a dead letter naming the field and rule, masked', async () => {
    const good = residentId('330106', '19900101', '123');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const counts = await apply([['members/330100', provincialMember('ZJHY0000001', { idNumber: bad })], ['members/330100', provincialMember('ZJHY0000002')]]);
    expect(counts).toEqual({ applied: 1, unchanged: 0, deadLetters: 1 });
    const letters = await store.db.selectFrom('dead_letters').selectAll().execute();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ source_record_id: 'ZJHY0000001', field: 'idNumber', rule: 'RESIDENT_ID_CHECKSUM' });
    expect(letters[0].reason).toContain('idNumber');
    expect(letters[0].raw).not.toContain(bad);
    expect(letters[0].raw).not.toContain('13800001234');
    // the same bad record read again stays one dead letter
    await apply([['members/330100', provincialMember('ZJHY0000001', { idNumber: bad })]]);
    expect(await store.db.selectFrom('dead_letters').select('id').execute()).toHaveLength(1);
    const source = await store.db.selectFrom('sources').selectAll().where('id', '=', SOURCE).executeTakeFirstOrThrow();
    expect(source).toMatchObject({ records_applied: 1, dead_letters: 1 });
  });

  it('keeps a pulled record with a field far longer than any real one as a dead letter naming the field, applying the rest', async () => {
    const long = provincialMember('ZJHY0000003', { employer: { name: '厂'.repeat(5_000) } });
    const counts = await apply([['members/330100', long], ['members/330100', provincialMember('ZJHY0000004')]]);
    expect(counts).toEqual({ applied: 1, unchanged: 0, deadLetters: 1 });
    const letter = await store.db.selectFrom('dead_letters').selectAll().executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ source_record_id: 'ZJHY0000003', field: 'employer.name', rule: 'TOO_LONG' });
    expect(letter.reason).toContain('5000 characters');
    // The letter keeps the start of the field, not all of it.
    expect(letter.raw.length).toBeLessThan(2_000);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).toEqual([{ source_id: 'ZJHY0000004' }]);
  });

  it('keeps one member per person across two cities, in the union of the latest active membership', async () => {
    const id = residentId('330203', '19880808', '456');
    const out = provincialMember('ZJHY0000010', { idNumber: id, unionId: 'ZJGH0000200', status: 'TRANSFERRED_OUT', joinedAt: '2021-01-01', updatedAt: '2025-01-01T00:00:00.000Z' });
    const inn = provincialMember('ZJHY0000011', { idNumber: id.toLowerCase(), unionId: 'ZJGH0000300', status: 'ACTIVE', joinedAt: '2025-01-02', updatedAt: '2025-01-02T00:00:00.000Z' });
    await apply([['members/330200', out], ['members/330100', inn]]);
    const members = await store.db.selectFrom('members').selectAll().execute();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ union_id: 'ZJGH0000300', status: 'ACTIVE', city: 'HANGZHOU', joined_on: '2021-01-01', id_number_masked: '330203********' + id.slice(-4) });
    expect(members[0].id).not.toContain(id.slice(6, 14));
    const events = await store.db.selectFrom('member_events').select(['kind', 'union_id']).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['JOINED', 'TRANSFERRED_OUT', 'TRANSFERRED_IN']);
    expect(await store.db.selectFrom('member_sources').select('source_id').execute()).toHaveLength(2);
  });

  it('stores no plaintext ID number or phone in member rows', async () => {
    const m = provincialMember('ZJHY0000020');
    await apply([['members/330100', m]]);
    const dump = JSON.stringify([
      await store.db.selectFrom('members').selectAll().execute(),
      await store.db.selectFrom('member_sources').selectAll().execute(),
    ]);
    expect(dump).not.toContain(String(m.idNumber));
    expect(dump).not.toContain('13800001234');
  });

  it('saves the checkpoint with the records, and neither when the transaction fails', async () => {
    await apply([['organizations/330100', provincialUnion('ZJGH0000400')]], { resource: 'organizations/330100', value: 'cp-1' });
    await expect(
      applyBatch(store, pii, {
        sourceId: SOURCE, system: 'zhejiang-digital-union', map: mapProvincialRecord,
        records: [{ resource: 'organizations/330100', raw: provincialUnion('ZJGH0000401'), deliveryId: '' }],
        checkpoint: { resource: 'organizations/330100', value: 'cp-2' },
        alsoInTransaction: async () => { throw new Error('crash before commit'); },
      }),
    ).rejects.toThrow('crash before commit');
    const cp = await store.db.selectFrom('checkpoints').select('value').executeTakeFirstOrThrow();
    expect(cp.value).toBe('cp-1');
    expect(await store.db.selectFrom('unions').select('id').where('id', '=', 'ZJGH0000401').execute()).toHaveLength(0);
  });

  it('flags a county that does not belong to the city the record was reported under', async () => {
    await apply([['organizations/330700', provincialUnion('ZJGH0000500', { division: '330282' })]]);
    const issues = await store.db.selectFrom('data_issues').selectAll().execute();
    expect(issues).toEqual([expect.objectContaining({ code: 'DIVISION_NOT_IN_CITY', entity_id: 'ZJGH0000500', field: 'division' })]);
  });
});
