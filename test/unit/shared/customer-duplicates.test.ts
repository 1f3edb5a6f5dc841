import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/shared/domain/customer';
import { buildContactIndex, contactKey, contactKeysOf, findDuplicates } from '../../../src/shared/domain/customer-duplicates';

const STAMPS = { createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z' };
const customer = (id: string, fields: Partial<Customer> = {}): Customer => ({ id, name: id, language: 'en', tags: [], ...STAMPS, ...fields });

describe('contact keys', () => {
  it('match emails case-insensitively and WhatsApp numbers with phone numbers', () => {
    expect(contactKey('email', ' Ana@Example.COM ')).toBe('email:ana@example.com');
    expect(contactKey('whatsapp', '+5511987654321')).toBe(contactKey('phone', '+5511987654321'));
    expect(contactKey('phone', '11 98765-4321')).toBeNull();
    expect(contactKey('email', 'not an email')).toBeNull();
  });

  it('cover primaries and every other contact point, each once', () => {
    const keys = contactKeysOf(
      customer('a', {
        phone: '+5511987654321',
        email: 'ana@example.com',
        contactPoints: [
          { kind: 'whatsapp', value: '+5511987654321' },
          { kind: 'email', value: 'ANA@example.com' },
          { kind: 'email', value: 'ana.work@example.com' },
        ],
      }),
    );
    expect([...keys].sort()).toEqual(['email:ana.work@example.com', 'email:ana@example.com', 'number:+5511987654321']);
  });
});

describe('findDuplicates', () => {
  const ana = customer('cus_ana', { phone: '+5511987654321', email: 'ana@example.com' });
  const directory = [
    ana,
    customer('cus_phone', { contactPoints: [{ kind: 'whatsapp', value: '+5511987654321' }] }),
    customer('cus_both', { phone: '+5511987654321', contactPoints: [{ kind: 'email', value: 'ANA@example.com' }] }),
    customer('cus_other', { phone: '+5511912345678', email: 'bruno@example.com' }),
    customer('cus_merged', { phone: '+5511987654321', mergedIntoId: 'cus_ana' }),
  ];
  const index = buildContactIndex(directory);

  it('lists the other customers sharing a phone or email, most shared first, merged ones left out', () => {
    expect(findDuplicates(ana, index)).toEqual([
      { customerId: 'cus_both', shared: ['email:ana@example.com', 'number:+5511987654321'] },
      { customerId: 'cus_phone', shared: ['number:+5511987654321'] },
    ]);
  });

  it('finds nothing for a customer without shared contact points', () => {
    expect(findDuplicates(customer('cus_new', { email: 'carla@example.com' }), index)).toEqual([]);
    expect(findDuplicates(customer('cus_none'), index)).toEqual([]);
  });
});
