import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/shared/domain/customer';
import { customerSearchEntry, matchesCustomerQuery, prepareCustomerQuery } from '../../../src/shared/domain/customer-search';

const STAMPS = { createdAt: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-01T09:00:00.000Z' };
const joao: Customer = {
  id: 'cus_joao',
  name: 'João Gonçalves',
  organization: 'Padaria Estrela',
  email: 'joao@estrela.com.br',
  phone: '+5511987654321',
  contactPoints: [{ kind: 'whatsapp', value: '+5521998887777' }, { kind: 'email', value: 'compras@estrela.com.br' }],
  language: 'pt-BR',
  tags: [],
  ...STAMPS,
};
const entry = customerSearchEntry(joao);
const finds = (query: string, country?: string) => matchesCustomerQuery(entry, prepareCustomerQuery(query, country));

describe('customer search', () => {
  it('finds by name and organisation words in any case, with or without accents', () => {
    expect(finds('joao')).toBe(true);
    expect(finds('GONÇALVES joão')).toBe(true);
    expect(finds('padaria')).toBe(true);
    expect(finds('maria')).toBe(false);
  });

  it('finds by any email, primary or not', () => {
    expect(finds('compras@estrela')).toBe(true);
    expect(finds('JOAO@ESTRELA.COM.BR')).toBe(true);
  });

  it('finds a phone or WhatsApp number typed in any format', () => {
    expect(finds('(11) 98765-4321')).toBe(true);
    expect(finds('+55 11 9 8765 4321')).toBe(true);
    expect(finds('011 98765 4321', 'BR')).toBe(true);
    expect(finds('4321')).toBe(true);
    expect(finds('21 99888-7777')).toBe(true);
    expect(finds('(11) 91234-5678')).toBe(false);
  });
});
