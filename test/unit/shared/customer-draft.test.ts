import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/shared/domain/customer';
import { applyCustomerForm, customerFormValues, emptyCustomerForm, validateCustomerForm } from '../../../src/shared/domain/customer-draft';

describe('validateCustomerForm', () => {
  const base = { ...emptyCustomerForm('pt-BR'), name: '  Ana Souza ' };

  it('stores numbers typed in local format as E.164, emails lowercased, first phone and email as primaries', () => {
    const result = validateCustomerForm(
      {
        ...base,
        tags: ['vip', ' vip ', ''],
        contacts: [
          { kind: 'phone', value: '(11) 98765-4321', label: 'mobile' },
          { kind: 'email', value: ' Ana@Example.com ' },
          { kind: 'whatsapp', value: '11 98765 4321' },
          { kind: 'phone', value: '+55 11 3456-7890', label: 'work' },
          { kind: 'phone', value: '' },
          { kind: 'phone', value: '11987654321' },
        ],
      },
      { defaultCountry: 'BR' },
    );
    expect(result).toEqual({
      ok: true,
      fields: {
        name: 'Ana Souza',
        language: 'pt-BR',
        tags: ['vip'],
        phone: '+5511987654321',
        email: 'ana@example.com',
        contactPoints: [
          { kind: 'whatsapp', value: '+5511987654321' },
          { kind: 'phone', value: '+551134567890', label: 'work' },
        ],
      },
    });
  });

  it('says what is wrong per field and per contact row', () => {
    const result = validateCustomerForm(
      { ...base, name: ' ', contacts: [{ kind: 'phone', value: '123' }, { kind: 'email', value: 'ana@' }, { kind: 'phone', value: '(11) 98765-4321' }] },
      { defaultCountry: 'BR' },
    );
    expect(result).toEqual({ ok: false, errors: { name: 'required', contactRows: { 0: 'too_short', 1: 'invalid_email' } } });
  });

  it('round-trips a stored customer, and clearing a field removes it while keeping id, stamps and merge state', () => {
    const stored: Customer = {
      id: 'cus_1',
      name: 'Ana',
      language: 'en',
      tags: ['vip'],
      organization: 'Acme',
      phone: '+5511987654321',
      timeZone: 'America/Sao_Paulo',
      createdAt: '2026-01-01T09:00:00.000Z',
      updatedAt: '2026-01-01T09:00:00.000Z',
    };
    const values = customerFormValues(stored);
    const unchanged = validateCustomerForm(values);
    expect(unchanged.ok && applyCustomerForm(stored, unchanged.fields)).toEqual(stored);
    const cleared = validateCustomerForm({ ...values, organization: '', contacts: [] });
    const after = cleared.ok ? applyCustomerForm(stored, cleared.fields) : undefined;
    expect(after).toEqual({ id: 'cus_1', name: 'Ana', language: 'en', tags: ['vip'], timeZone: 'America/Sao_Paulo', createdAt: stored.createdAt, updatedAt: stored.updatedAt });
    expect(after !== undefined && 'organization' in after).toBe(false);
  });
});
