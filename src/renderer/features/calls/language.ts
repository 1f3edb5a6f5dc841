import { CUSTOMER_LANGUAGES, type CustomerLanguage } from '../../../shared/domain/customer';

/** Whether the UI language is one a customer record can carry (a new customer starts in the agent's language). */
export function isSupportedCustomerLanguage(value: string | undefined): value is CustomerLanguage {
  return value !== undefined && (CUSTOMER_LANGUAGES as readonly string[]).includes(value);
}
