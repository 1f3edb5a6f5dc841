/**
 * Twilio posts its webhooks as `application/x-www-form-urlencoded`. This parser is added inside the
 * Twilio routes' own plugin scope, so no other route starts accepting form posts.
 */
import type { FastifyInstance } from 'fastify';

/** A form's fields; a repeated field keeps every value, in order (signature checks need them all). */
export type FormFields = Readonly<Record<string, string | readonly string[]>>;

/** Webhook bodies are small; anything larger is not Twilio. */
export const FORM_BODY_LIMIT_BYTES = 64 * 1024;

export function parseForm(text: string): FormFields {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const values = fields.get(name);
    if (values === undefined) fields.set(name, [value]);
    else values.push(value);
  }
  // fromEntries defines own properties, so a field named __proto__ stays a plain field.
  return Object.fromEntries([...fields].map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

export function installFormBodyParser(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
  });
}

/** The single value of a field (the first, if Twilio ever repeated it); undefined when absent or empty. */
export function field(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  const first = typeof value === 'string' ? value : value?.[0];
  return first === undefined || first === '' ? undefined : first;
}
