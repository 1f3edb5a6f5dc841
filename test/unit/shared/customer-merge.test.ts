import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_LABELS, type ContactPoint, type Customer } from '../../../src/shared/domain/customer';
import { contactKey } from '../../../src/shared/domain/customer-duplicates';
import { customerIdsMergedInto, mergeCustomerRecords, survivingCustomerId } from '../../../src/shared/domain/customer-merge';

const STAMPS = { createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-02T09:00:00.000Z' };

function customer(id: string, fields: Partial<Customer> = {}): Customer {
  return { id, name: `Customer ${id}`, language: 'pt-BR', tags: [], ...STAMPS, ...fields };
}

/** Every (kind, normalised value) a customer can be reached at, primaries included. */
function reachableAt(record: Customer): Set<string> {
  const points: ContactPoint[] = [
    ...(record.phone === undefined ? [] : [{ kind: 'phone', value: record.phone } as const]),
    ...(record.email === undefined ? [] : [{ kind: 'email', value: record.email } as const]),
    ...(record.contactPoints ?? []),
  ];
  return new Set(points.map((point) => `${point.kind}|${contactKey(point.kind, point.value) ?? point.value}`));
}

function mergeOrThrow(survivor: Customer, duplicate: Customer): Customer {
  const result = mergeCustomerRecords(survivor, duplicate);
  if (!result.ok) throw new Error(result.problem);
  return result.survivor;
}

describe('mergeCustomerRecords', () => {
  it('keeps the survivor’s values, fills its gaps from the duplicate, and unions contact points and tags', () => {
    const survivor = customer('cus_a', {
      name: 'Ana Souza',
      phone: '+5511987654321',
      tags: ['vip'],
      notes: 'Prefers calls after 2 pm.',
      contactPoints: [{ kind: 'whatsapp', value: '+5511987654321', label: 'mobile' }],
    });
    const duplicate = customer('cus_b', {
      name: 'Ana S.',
      phone: '+5511912345678',
      email: 'ana@example.com',
      organization: 'Padaria Central',
      segment: 'smb',
      tags: ['vip', 'churn-risk'],
      notes: 'Called about the invoice.',
      contactPoints: [{ kind: 'email', value: 'ANA.SOUZA@example.com', label: 'work' }],
    });
    const merged = mergeOrThrow(survivor, duplicate);
    expect(merged).toEqual({
      ...survivor,
      email: 'ana@example.com',
      organization: 'Padaria Central',
      segment: 'smb',
      tags: ['vip', 'churn-risk'],
      notes: 'Prefers calls after 2 pm.\n\nCalled about the invoice.',
      contactPoints: [
        { kind: 'whatsapp', value: '+5511987654321', label: 'mobile' },
        { kind: 'phone', value: '+5511912345678' },
        { kind: 'email', value: 'ANA.SOUZA@example.com', label: 'work' },
      ],
    });
  });

  it('does not duplicate a contact point both records have, even written differently', () => {
    const merged = mergeOrThrow(
      customer('cus_a', { email: 'ana@example.com' }),
      customer('cus_b', { contactPoints: [{ kind: 'email', value: ' Ana@Example.com ', label: 'home' }] }),
    );
    expect(merged.email).toBe('ana@example.com');
    expect(merged.contactPoints).toBeUndefined();
  });

  it('leaves fields the merging user may not set (segment for agents) as the survivor has them', () => {
    const result = mergeCustomerRecords(customer('cus_a'), customer('cus_b', { segment: 'vip' }), { keepSurvivorFields: ['segment'] });
    expect(result.ok && result.survivor.segment).toBeUndefined();
  });

  it('refuses what it cannot merge without losing data or breaking the schema', () => {
    const many = (prefix: string) =>
      Array.from({ length: 11 }, (_, index) => ({ kind: 'phone' as const, value: `+55119${prefix}${String(index).padStart(7, '0')}` }));
    expect(mergeCustomerRecords(customer('cus_a'), customer('cus_a'))).toEqual({ ok: false, problem: 'same_customer' });
    expect(mergeCustomerRecords(customer('cus_a'), customer('cus_b', { mergedIntoId: 'cus_c' }))).toEqual({ ok: false, problem: 'already_merged' });
    expect(mergeCustomerRecords(customer('cus_a', { contactPoints: many('1') }), customer('cus_b', { contactPoints: many('2') }))).toEqual({
      ok: false,
      problem: 'too_many_contact_points',
    });
    const tags = (prefix: string) => Array.from({ length: 26 }, (_, index) => `${prefix}${index}`);
    expect(mergeCustomerRecords(customer('cus_a', { tags: tags('a') }), customer('cus_b', { tags: tags('b') }))).toEqual({ ok: false, problem: 'too_many_tags' });
    expect(mergeCustomerRecords(customer('cus_a', { notes: 'a'.repeat(3000) }), customer('cus_b', { notes: 'b'.repeat(3000) }))).toEqual({
      ok: false,
      problem: 'notes_too_long',
    });
  });

  // ---- properties over random records ------------------------------------------------------------
  const phone = fc.integer({ min: 0, max: 30 }).map((n) => `+55119876${String(n).padStart(5, '0')}`);
  const email = fc.constantFrom('ana', 'ANA', 'bruno', 'carla').chain((user) => fc.constantFrom('example.com', 'Example.com').map((host) => `${user}@${host}`));
  const point: fc.Arbitrary<ContactPoint> = fc.oneof(
    fc.record({ kind: fc.constantFrom('phone' as const, 'whatsapp' as const), value: phone }, { requiredKeys: ['kind', 'value'] }),
    fc.record({ kind: fc.constant('email' as const), value: email }),
  ).chain((base) => fc.option(fc.constantFrom(...CONTACT_LABELS), { nil: undefined }).map((label) => (label === undefined ? base : { ...base, label })));
  const record = (id: string) =>
    fc.record(
      {
        phone,
        email: email.map((value) => value.toLowerCase()),
        organization: fc.constantFrom('Acme', 'Padaria'),
        notes: fc.constantFrom('VIP', 'Calls at night', 'Prefers email'),
        contactPoints: fc.array(point, { maxLength: 6 }),
        tags: fc.uniqueArray(fc.constantFrom('vip', 'smb', 'churn-risk', 'partner'), { maxLength: 4 }),
      },
      { requiredKeys: ['tags'] },
    ).map((fields) => customer(id, fields));

  it('never loses a contact point: the survivor can be reached everywhere either record could', () => {
    fc.assert(
      fc.property(record('cus_a'), record('cus_b'), (survivor, duplicate) => {
        const merged = mergeOrThrow(survivor, duplicate);
        const after = reachableAt(merged);
        for (const reach of [...reachableAt(survivor), ...reachableAt(duplicate)]) expect(after).toContain(reach);
        for (const tag of [...survivor.tags, ...duplicate.tags]) expect(merged.tags).toContain(tag);
      }),
    );
  });

  it('is idempotent: merging the same duplicate again changes nothing', () => {
    fc.assert(
      fc.property(record('cus_a'), record('cus_b'), (survivor, duplicate) => {
        const once = mergeOrThrow(survivor, duplicate);
        expect(mergeOrThrow(once, duplicate)).toEqual(once);
      }),
    );
  });

  it('lists each contact point once and never repeats a primary among the others', () => {
    fc.assert(
      fc.property(record('cus_a'), record('cus_b'), (survivor, duplicate) => {
        const merged = mergeOrThrow(survivor, duplicate);
        const identities = (merged.contactPoints ?? []).map((entry) => `${entry.kind}|${contactKey(entry.kind, entry.value) ?? ''}`);
        expect(new Set(identities).size).toBe(identities.length);
        if (merged.phone !== undefined) expect(identities).not.toContain(`phone|number:${merged.phone}`);
        if (merged.email !== undefined) expect(identities).not.toContain(`email|email:${merged.email.toLowerCase()}`);
      }),
    );
  });
});

describe('merged customers’ ids', () => {
  const customers = [
    customer('cus_a'),
    customer('cus_b', { mergedIntoId: 'cus_a' }),
    customer('cus_c', { mergedIntoId: 'cus_b' }),
    customer('cus_d'),
    customer('cus_x', { mergedIntoId: 'cus_y' }),
    customer('cus_y', { mergedIntoId: 'cus_x' }),
  ];
  const byId = new Map(customers.map((entry) => [entry.id, entry]));

  it('collects the survivor and everyone merged into it, through chains', () => {
    expect(customerIdsMergedInto('cus_a', customers)).toEqual(['cus_a', 'cus_b', 'cus_c']);
    expect(customerIdsMergedInto('cus_d', customers)).toEqual(['cus_d']);
    expect(customerIdsMergedInto('cus_x', customers).sort()).toEqual(['cus_x', 'cus_y']);
  });

  it('resolves a merged customer to the one it lives on in, and gives up on loops and unknown ids', () => {
    expect(survivingCustomerId('cus_c', byId)).toBe('cus_a');
    expect(survivingCustomerId('cus_d', byId)).toBe('cus_d');
    expect(survivingCustomerId('cus_x', byId)).toBeUndefined();
    expect(survivingCustomerId('cus_missing', byId)).toBeUndefined();
  });
});
