import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../../src/shared/domain/customer';
import { customerPhoneNumbers, findCustomersByPhone, lookupKey } from '../../../../src/shared/voice/customer-lookup';

const customer = (id: string, fields: Partial<Customer>, updatedAt = '2025-01-01T00:00:00.000Z'): Customer => ({
  id,
  name: id,
  language: 'pt-BR',
  tags: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt,
  ...fields,
});

describe('lookupKey', () => {
  it('turns a caller id or a typed national number into E.164', () => {
    expect(lookupKey('+55 11 98765-4321')).toBe('+5511987654321');
    expect(lookupKey('(11) 98765-4321', { defaultCountry: 'BR' })).toBe('+5511987654321');
  });

  it('gives nothing for withheld numbers and text', () => {
    expect(lookupKey(undefined)).toBeUndefined();
    expect(lookupKey('anonymous')).toBeUndefined();
  });
});

describe('findCustomersByPhone', () => {
  const maria = customer('maria', { phone: '+5511987654321' });
  const joao = customer('joao', { contactPoints: [{ kind: 'whatsapp', value: '+5511987654321', label: 'mobile' }] }, '2025-06-01T00:00:00.000Z');
  const office = customer('office', { contactPoints: [{ kind: 'phone', value: '+551133334444', label: 'work' }] });
  const byEmail = customer('email', { contactPoints: [{ kind: 'email', value: 'x@example.com' }] });

  it('finds the customer whose primary phone is the number, whatever the formatting of the input', () => {
    expect(findCustomersByPhone([office, maria], '+55 (11) 98765-4321').map((match) => match.customer.id)).toEqual(['maria']);
  });

  it('finds customers by their other phone and WhatsApp contact points, primary matches first', () => {
    const matches = findCustomersByPhone([joao, maria, office], '+5511987654321');
    expect(matches.map((match) => [match.customer.id, match.matchedBy])).toEqual([
      ['maria', 'primary'],
      ['joao', 'contact_point'],
    ]);
    expect(matches[1]?.contactPoint).toEqual({ kind: 'whatsapp', value: '+5511987654321', label: 'mobile' });
    expect(findCustomersByPhone([office], '+55 11 3333-4444')[0]?.customer.id).toBe('office');
  });

  it('lists shared numbers most recently updated first', () => {
    const older = customer('older', { phone: '+551133334444' }, '2024-02-01T00:00:00.000Z');
    const newer = customer('newer', { phone: '+551133334444' }, '2025-02-01T00:00:00.000Z');
    expect(findCustomersByPhone([older, newer], '+551133334444').map((match) => match.customer.id)).toEqual(['newer', 'older']);
  });

  it('matches nobody for an unknown, withheld or non-phone value', () => {
    expect(findCustomersByPhone([maria, joao, byEmail], '+5521999998888')).toEqual([]);
    expect(findCustomersByPhone([maria], undefined)).toEqual([]);
    expect(findCustomersByPhone([byEmail], 'x@example.com')).toEqual([]);
  });
});

describe('customerPhoneNumbers', () => {
  it('lists the primary phone then phone and WhatsApp contact points, once each, never emails', () => {
    const c = customer('c', {
      phone: '+5511987654321',
      contactPoints: [
        { kind: 'whatsapp', value: '+5511987654321' },
        { kind: 'email', value: 'c@example.com' },
        { kind: 'phone', value: '+551133334444' },
      ],
    });
    expect(customerPhoneNumbers(c)).toEqual(['+5511987654321', '+551133334444']);
  });
});
