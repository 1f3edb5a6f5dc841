/**
 * What an agent types into the customer form, checked and turned into the stored fields: names
 * trimmed, phone and WhatsApp numbers normalised to E.164 (libphonenumber-js, numbers without `+` read
 * in the agent's chosen country), emails lowercased, empty rows dropped, repeated contact points kept
 * once. The first phone and the first email become the primary ones (`phone`, `email`); the rest go to
 * `contactPoints` in the order typed.
 */
import { normalizePhoneNumber, type PhoneError } from '../voice/phone';
import {
  customerSchemaV2,
  type ContactLabel,
  type ContactPoint,
  type ContactPointKind,
  type Customer,
  type CustomerLanguage,
  type CustomerSegment,
} from './customer';
import { allContactPoints, contactKey, normalizeEmail } from './customer-duplicates';
import { withoutFields } from './customer-fields';

export const CUSTOMER_NAME_MAX = customerSchemaV2.properties['name']?.maxLength ?? 200;
export const CUSTOMER_ORGANIZATION_MAX = customerSchemaV2.properties['organization']?.maxLength ?? 200;
export const CUSTOMER_NOTES_MAX = customerSchemaV2.properties['notes']?.maxLength ?? 5000;
export const CUSTOMER_CONTACTS_MAX = (customerSchemaV2.properties['contactPoints']?.maxItems ?? 20) + 2;
const TAG_MAX = 64;
const TAGS_MAX = customerSchemaV2.properties['tags']?.maxItems ?? 50;

/** Close to the `email` format of the schema's Ajv (ajv-formats "fast"), so what passes here is stored. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const EMAIL_MAX = 254;

export interface ContactRow {
  readonly kind: ContactPointKind;
  readonly value: string;
  readonly label?: ContactLabel;
}

export interface CustomerFormValues {
  readonly name: string;
  readonly organization: string;
  readonly language: CustomerLanguage;
  /** Empty: none. */
  readonly segment: CustomerSegment | '';
  readonly tags: readonly string[];
  readonly notes: string;
  readonly contacts: readonly ContactRow[];
}

/** The fields the form owns; id, timestamps, time zone and merge state are kept from the stored record. */
export type CustomerFormFields = Pick<Customer, 'name' | 'language' | 'tags'> &
  Partial<Pick<Customer, 'organization' | 'segment' | 'notes' | 'email' | 'phone' | 'contactPoints'>>;

export type ContactError = PhoneError | 'invalid_email';

export interface CustomerFormErrors {
  readonly name?: 'required' | 'too_long';
  readonly organization?: 'too_long';
  readonly notes?: 'too_long';
  readonly tags?: 'too_many' | 'too_long';
  readonly contacts?: 'too_many';
  /** Per row of `contacts`. */
  readonly contactRows: Readonly<Record<number, ContactError>>;
}

export type CustomerFormResult =
  | { readonly ok: true; readonly fields: CustomerFormFields }
  | { readonly ok: false; readonly errors: CustomerFormErrors };

export function emptyCustomerForm(language: CustomerLanguage): CustomerFormValues {
  return { name: '', organization: '', language, segment: '', tags: [], notes: '', contacts: [{ kind: 'phone', value: '' }] };
}

/** The form showing a stored customer: primaries first, then the other contact points. */
export function customerFormValues(customer: Customer): CustomerFormValues {
  return {
    name: customer.name,
    organization: customer.organization ?? '',
    language: customer.language,
    segment: customer.segment ?? '',
    tags: [...customer.tags],
    notes: customer.notes ?? '',
    contacts: allContactPoints(customer).map((point) => ({ ...point })),
  };
}

function normalizeRow(row: ContactRow, defaultCountry: string | undefined): { point: ContactPoint } | { error: ContactError } {
  const label = row.label === undefined ? {} : { label: row.label };
  if (row.kind === 'email') {
    const email = normalizeEmail(row.value);
    return email.length <= EMAIL_MAX && EMAIL.test(email) ? { point: { kind: 'email', value: email, ...label } } : { error: 'invalid_email' };
  }
  const phone = normalizePhoneNumber(row.value, defaultCountry === undefined ? {} : { defaultCountry });
  return phone.ok ? { point: { kind: row.kind, value: phone.e164, ...label } } : { error: phone.error };
}

export function validateCustomerForm(values: CustomerFormValues, options: { readonly defaultCountry?: string } = {}): CustomerFormResult {
  const name = values.name.trim();
  const organization = values.organization.trim();
  const notes = values.notes.trim();
  const tags = [...new Set(values.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];

  const contactRows: Record<number, ContactError> = {};
  const points: ContactPoint[] = [];
  const seen = new Set<string>();
  values.contacts.forEach((row, index) => {
    if (row.value.trim() === '') return;
    const result = normalizeRow(row, options.defaultCountry);
    if ('error' in result) {
      contactRows[index] = result.error;
      return;
    }
    const identity = `${result.point.kind}|${contactKey(result.point.kind, result.point.value) ?? result.point.value}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    points.push(result.point);
  });

  const errors: CustomerFormErrors = {
    ...(name === '' ? { name: 'required' } : name.length > CUSTOMER_NAME_MAX ? { name: 'too_long' } : {}),
    ...(organization.length > CUSTOMER_ORGANIZATION_MAX ? { organization: 'too_long' } : {}),
    ...(notes.length > CUSTOMER_NOTES_MAX ? { notes: 'too_long' } : {}),
    ...(tags.length > TAGS_MAX ? { tags: 'too_many' } : tags.some((tag) => tag.length > TAG_MAX) ? { tags: 'too_long' } : {}),
    contactRows,
  };
  if (Object.keys(errors).length > 1 || Object.keys(contactRows).length > 0) return { ok: false, errors };

  const phone = points.find((point) => point.kind === 'phone');
  const email = points.find((point) => point.kind === 'email');
  const others = points.filter((point) => point !== phone && point !== email);
  if (others.length > CUSTOMER_CONTACTS_MAX - 2) return { ok: false, errors: { contacts: 'too_many', contactRows } };
  return {
    ok: true,
    fields: {
      name,
      language: values.language,
      tags,
      ...(organization === '' ? {} : { organization }),
      ...(values.segment === '' ? {} : { segment: values.segment }),
      ...(notes === '' ? {} : { notes }),
      ...(phone === undefined ? {} : { phone: phone.value }),
      ...(email === undefined ? {} : { email: email.value }),
      ...(others.length === 0 ? {} : { contactPoints: others }),
    },
  };
}

/**
 * The stored customer with the form's fields: every form-owned field replaced (a cleared field is
 * removed), everything else (id, timestamps, time zone, merge state) kept.
 */
export function applyCustomerForm(customer: Customer, fields: CustomerFormFields): Customer {
  const kept = withoutFields(customer, ['organization', 'segment', 'notes', 'email', 'phone', 'contactPoints']);
  return { ...kept, ...fields };
}
