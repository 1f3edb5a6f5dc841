/**
 * What must hold once every client and the server are back together after a chaos trial.
 *
 * 1. Identical data: every client's replica equals the server's documents, in every replicated
 *    collection; nothing is deleted (nobody deleted), the pull from the start lists each id once.
 * 2. Created tickets: each one exists on the server exactly once, with a server number no other
 *    ticket has; the server holds no ticket nobody created.
 * 3. Fields follow the merge rules. For each (document, field) and the clients that wrote it:
 *    - nobody wrote it: the value is the initial one;
 *    - else the final value is the LAST value one of the writers gave it (a superseded value never
 *      comes back), and every writer whose last value is not the final one lost it visibly: either
 *      its conflict log holds that value for that field (a same-field clash the server won), or
 *      another client overwrote that very value (it saw it: its write's previous value is it).
 *    Acknowledged writes are a subset: a lost acknowledged write is reported as such.
 * 4. Conflict log entries are real clashes: a client-owned field, the local value one this client
 *    wrote, the winning value written by another client (or the initial value). A value that only
 *    this client itself wrote earlier beating its own newer value is a "self-conflict".
 * 5. Clients reported no errors (failed local writes, unhandled rejections, 401s) and the server
 *    refused none of their changes (they are all valid and allowed).
 * 6. The server's ticket history is complete: for status and priority, the change events on the
 *    timeline chain from the initial value to the final one (each event's "from" is the previous "to"),
 *    so no accepted change lacks its event and no event records a change that was not kept.
 * 7. Every conflict a client recorded reached the server as a `sync_conflict` timeline entry (when
 *    its replica holds the timeline), so the other devices see it too.
 */
import { conflictRecord, TICKET_CHANGE_EVENTS } from '../../src/shared/domain/timeline';
import { jsonEqual } from '../../src/shared/util/deep-equal';
import type { AckRecord, ClientSnapshot, CollectionName, ConflictRecord, Doc, WriteRecord } from './protocol';
import type { ServerSnapshot } from './server-api';

export interface Violation {
  readonly rule: string;
  readonly message: string;
}

export interface VerifyInput {
  readonly initial: ServerSnapshot;
  readonly final: ServerSnapshot;
  readonly clients: readonly ClientSnapshot[];
  readonly serverOwnedFields: Readonly<Record<CollectionName, readonly string[]>>;
  /** Collections the clients write (the field rules apply to them). */
  readonly editedCollections: readonly CollectionName[];
}

export interface VerifySummary {
  readonly writes: number;
  readonly ackedWrites: number;
  readonly creates: number;
  readonly conflicts: number;
  /** (document, field) pairs written by two or more clients. */
  readonly contestedFields: number;
}

const MAX_PER_RULE = 15;
const show = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

function key(collection: string, id: string, field?: string): string {
  return field === undefined ? `${collection}/${id}` : `${collection}/${id}.${field}`;
}

function byId(docs: readonly Doc[]): Map<string, Doc> {
  return new Map(docs.map((doc) => [doc.id, doc]));
}

/** Whether `write` reached the server: a push of this client at or after it carried its value and was accepted. */
export function isAcknowledged(write: WriteRecord, acks: readonly AckRecord[]): boolean {
  return acks.some(
    (ack) => ack.collection === write.collection && ack.id === write.id && ack.upToWrite >= write.n && jsonEqual(ack.state[write.field], write.value),
  );
}

/** A client's trace around one document: its pushes, writes and conflicts, and the reloads/offline windows. */
export function docHistory(client: ClientSnapshot, id: string, limit = 25): string {
  const relevant = client.trace.filter((entry) => entry.ids.includes(id) || entry.ids.length === 0);
  // Whole-client entries only between the first and last entry about the document.
  const first = relevant.findIndex((entry) => entry.ids.includes(id));
  const last = relevant.findLastIndex((entry) => entry.ids.includes(id));
  const window = first < 0 ? [] : relevant.slice(first, last + 1);
  const start = window[0]?.at ?? 0;
  return window
    .slice(-limit)
    .map((entry) => `\n      +${((entry.at - start) / 1000).toFixed(3)}s c${client.index} ${entry.text}`)
    .join('');
}

/**
 * Every client's pushes of a document (sent, accepted, conflicts) on one clock, oldest first: who put
 * a value on the server. Times are seconds before the last of them.
 */
export function pushHistory(clients: readonly ClientSnapshot[], id: string, limit = 30): string {
  const entries = clients
    .flatMap((client) => client.trace.filter((entry) => entry.ids.includes(id) && entry.text.startsWith('push#')).map((entry) => ({ client: client.index, entry })))
    .sort((a, b) => a.entry.at - b.entry.at)
    .slice(-limit);
  const end = entries.at(-1)?.entry.at ?? 0;
  return entries.map(({ client, entry }) => `\n      -${((end - entry.at) / 1000).toFixed(3)}s c${client} ${entry.text}`).join('');
}

export function verifyTrial(input: VerifyInput): { violations: Violation[]; summary: VerifySummary } {
  const violations: Violation[] = [];
  const counts = new Map<string, number>();
  const report = (rule: string, message: string) => {
    const count = (counts.get(rule) ?? 0) + 1;
    counts.set(rule, count);
    if (count <= MAX_PER_RULE) violations.push({ rule, message });
  };
  const { initial, final, clients } = input;
  const collections = Object.keys(final.docs) as CollectionName[];

  // ---- 1. identical data ---------------------------------------------------------------------------
  for (const problem of final.problems) report('server-pull', problem);
  for (const name of collections) {
    for (const id of final.deleted[name]) report('deleted', `${key(name, id)} is deleted on the server; nobody deleted anything`);
  }
  for (const client of clients) {
    if (client.docs.tickets === undefined || client.docs.customers === undefined) report('replica-differs', `client ${client.index} holds no tickets or customers`);
    for (const name of collections) {
      const held = client.docs[name];
      // A role replicates only the collections it may read.
      if (held === undefined) continue;
      const server = byId(final.docs[name]);
      const local = byId(held);
      for (const [id, doc] of server) {
        const mine = local.get(id);
        if (mine === undefined) report('replica-differs', `client ${client.index} lacks ${key(name, id)}`);
        else if (!jsonEqual(mine, doc)) {
          const fields = [...new Set([...Object.keys(mine), ...Object.keys(doc)])].filter((field) => !jsonEqual(mine[field], doc[field]));
          report(
            'replica-differs',
            `client ${client.index} ${key(name, id)} differs: ${fields.map((field) => `${field} local=${show(mine[field])} server=${show(doc[field])}`).join('; ')}; history:${docHistory(client, id)}`,
          );
        }
      }
      for (const id of local.keys()) if (!server.has(id)) report('replica-differs', `client ${client.index} has ${key(name, id)}, the server does not`);
    }
  }

  // ---- ledger indexes --------------------------------------------------------------------------------
  const allWrites = clients.flatMap((client) => client.writes);
  const writesByField = new Map<string, WriteRecord[]>();
  for (const write of allWrites) {
    const k = key(write.collection, write.id, write.field);
    const list = writesByField.get(k);
    if (list === undefined) writesByField.set(k, [write]);
    else list.push(write);
  }
  const conflictsByClient = new Map<number, ConflictRecord[]>(clients.map((client) => [client.index, [...client.conflicts]]));
  const acksByClient = new Map<number, readonly AckRecord[]>(clients.map((client) => [client.index, client.acks]));

  // ---- 2. created tickets --------------------------------------------------------------------------------
  const created = new Map<string, number>();
  for (const write of allWrites) if (write.create) created.set(key(write.collection, write.id), write.client);
  for (const [docKey, client] of created) {
    const [name, id] = docKey.split('/') as [CollectionName, string];
    const count = final.docs[name].filter((doc) => doc.id === id).length;
    if (count !== 1) report('created-exactly-once', `${docKey} created by client ${client} is on the server ${count} times`);
  }
  // Only where the clients are the only writers (the server itself appends e.g. timeline entries).
  for (const name of input.editedCollections) {
    const before = byId(initial.docs[name]);
    for (const doc of final.docs[name]) {
      if (!before.has(doc.id) && !created.has(key(name, doc.id))) report('phantom', `${key(name, doc.id)} is on the server but nobody created it`);
    }
  }
  const numbers = new Map<number, string>();
  for (const doc of final.docs.tickets) {
    const number = doc.number;
    if (typeof number !== 'number') {
      report('ticket-number', `tickets/${doc.id} has no server number`);
      continue;
    }
    const other = numbers.get(number);
    if (other !== undefined) report('ticket-number', `tickets/${doc.id} and tickets/${other} share number ${number}`);
    numbers.set(number, doc.id);
    const first = initial.docs.tickets.find((candidate) => candidate.id === doc.id);
    if (first !== undefined && (first.number !== doc.number || first.createdAt !== doc.createdAt)) {
      report('ticket-number', `tickets/${doc.id} changed number/createdAt: ${show(first.number)}/${show(first.createdAt)} → ${show(doc.number)}/${show(doc.createdAt)}`);
    }
  }

  // ---- 3. field rules ----------------------------------------------------------------------------------
  let contestedFields = 0;
  for (const name of input.editedCollections) {
    const owned = input.serverOwnedFields[name];
    const before = byId(initial.docs[name]);
    for (const doc of final.docs[name]) {
      const start = before.get(doc.id);
      const fields = new Set([...Object.keys(doc), ...Object.keys(start ?? {})]);
      for (const write of allWrites) if (write.collection === name && write.id === doc.id) fields.add(write.field);
      for (const field of fields) {
        if (field === 'id' || owned.includes(field)) continue;
        const finalValue = doc[field];
        const writes = writesByField.get(key(name, doc.id, field)) ?? [];
        if (writes.length === 0) {
          if (start === undefined) report('unwritten-field', `${key(name, doc.id, field)} = ${show(finalValue)} on a created document nobody wrote it on`);
          else if (!jsonEqual(start[field], finalValue)) {
            report('unwritten-field', `${key(name, doc.id, field)} changed from ${show(start[field])} to ${show(finalValue)} but no client wrote it`);
          }
          continue;
        }
        const lastByClient = new Map<number, WriteRecord>();
        for (const write of writes) {
          const previous = lastByClient.get(write.client);
          if (previous === undefined || write.n > previous.n) lastByClient.set(write.client, write);
        }
        if (lastByClient.size > 1) contestedFields += 1;
        const history = () =>
          writes
            .slice()
            .sort((a, b) => a.at - b.at)
            .map((write) => `c${write.client}#${write.n} ${show(write.prev)}→${show(write.value)}`)
            .join(', ');
        if (![...lastByClient.values()].some((write) => jsonEqual(write.value, finalValue))) {
          report('stale-value', `${key(name, doc.id, field)} ended as ${show(finalValue)}, which is no writer's last value; writes: ${history()}; pushes of every client:${pushHistory(clients, doc.id)}`);
        }
        for (const [client, last] of lastByClient) {
          if (jsonEqual(last.value, finalValue)) continue;
          const inConflictLog = (conflictsByClient.get(client) ?? []).some(
            (entry) => entry.collection === name && entry.id === doc.id && entry.field === field && jsonEqual(entry.localValue, last.value),
          );
          const overwrittenBySomeoneWhoSawIt = writes.some((write) => write.client !== client && jsonEqual(write.prev, last.value));
          if (inConflictLog || overwrittenBySomeoneWhoSawIt) continue;
          const acked = isAcknowledged(last, acksByClient.get(client) ?? []);
          const snapshot = clients.find((candidate) => candidate.index === client);
          report(
            acked ? 'lost-acknowledged-write' : 'lost-write',
            `${key(name, doc.id, field)}: client ${client}'s last value ${show(last.value)} is gone (final ${show(finalValue)}), not in its conflict log, not overwritten by anyone who saw it; writes: ${history()}; history:${snapshot === undefined ? '' : docHistory(snapshot, doc.id)}`,
          );
        }
      }
    }
  }

  // ---- 4. conflict log -----------------------------------------------------------------------------------
  for (const client of clients) {
    for (const entry of client.conflicts) {
      const where = `client ${client.index} conflict on ${key(entry.collection, entry.id, entry.field)}`;
      if (input.serverOwnedFields[entry.collection].includes(entry.field)) {
        report('conflict-rule', `${where}: server-owned field reported as a conflict`);
        continue;
      }
      const writes = writesByField.get(key(entry.collection, entry.id, entry.field)) ?? [];
      const mine = writes.filter((write) => write.client === client.index);
      const others = writes.filter((write) => write.client !== client.index);
      if (!mine.some((write) => jsonEqual(write.value, entry.localValue))) {
        report(
          'conflict-rule',
          `${where}: local value ${show(entry.localValue)} is not a value this client wrote (a clash on a field it never changed: the merge had no or a wrong base); history:${docHistory(client, entry.id)}`,
        );
      }
      const start = byId(initial.docs[entry.collection]).get(entry.id);
      const explained =
        others.some((write) => jsonEqual(write.value, entry.masterValue)) || (start !== undefined && jsonEqual(start[entry.field], entry.masterValue));
      if (explained) continue;
      // A document this client created started without the fields it did not set.
      const createdHere = created.get(key(entry.collection, entry.id)) === client.index;
      if (mine.some((write) => jsonEqual(write.value, entry.masterValue)) || (createdHere && entry.masterValue === undefined)) {
        report(
          'self-conflict',
          `${where}: its own older value ${show(entry.masterValue)} beat its newer ${show(entry.localValue)} (the server had applied a push whose answer the client never got); history:${docHistory(client, entry.id)}`,
        );
      } else {
        report('conflict-rule', `${where}: winning value ${show(entry.masterValue)} was never written by anyone; history:${docHistory(client, entry.id)}`);
      }
    }
  }

  // ---- 6. ticket history -----------------------------------------------------------------------------
  const timelineOf = (snapshot: ServerSnapshot): readonly Doc[] => (snapshot.docs as Partial<Record<string, readonly Doc[]>>).timeline ?? [];
  const timeline = timelineOf(final);
  // Entries of the demo data (a seeded ticket's past) are not part of this trial's history.
  const seededEntries = new Set(timelineOf(initial).map((entry) => entry.id));
  const newEntries = timeline.filter((entry) => !seededEntries.has(entry.id));
  // Events of one ticket in the order they were written: occurredAt, then the change sequence in the id.
  const eventOrder = (a: Doc, b: Doc): number => {
    const byTime = Date.parse(String(a.occurredAt)) - Date.parse(String(b.occurredAt));
    if (byTime !== 0) return byTime;
    const seq = (entry: Doc) => Number(/^tle_(\d+)_/.exec(entry.id)?.[1] ?? 0);
    return seq(a) - seq(b);
  };
  const startTickets = byId(initial.docs.tickets);
  for (const field of ['status', 'priority'] as const) {
    const kind = TICKET_CHANGE_EVENTS[field];
    const eventsByTicket = new Map<string, Doc[]>();
    for (const entry of newEntries) {
      if (entry.kind !== kind || entry.subjectType !== 'ticket') continue;
      const list = eventsByTicket.get(String(entry.subjectId)) ?? [];
      list.push(entry);
      eventsByTicket.set(String(entry.subjectId), list);
    }
    for (const ticket of final.docs.tickets) {
      const events = (eventsByTicket.get(ticket.id) ?? []).sort(eventOrder);
      const start = startTickets.get(ticket.id);
      const where = key('tickets', ticket.id, field);
      const chain = events.map((entry) => `${show(entry.fromValue)}→${show(entry.toValue)}`).join(', ');
      let expected: unknown = start?.[field];
      for (const [index, entry] of events.entries()) {
        // A created ticket's history starts with its first accepted change (its creation has no event).
        if (index === 0 && start === undefined) expected = entry.fromValue;
        if (entry.fromValue !== expected) {
          report('ticket-history', `${where}: ${kind} events do not chain (expected from ${show(expected)}): ${chain}`);
          break;
        }
        expected = entry.toValue;
      }
      if ((events.length > 0 || start !== undefined) && expected !== ticket[field]) {
        report('ticket-history', `${where} is ${show(ticket[field])} but its ${kind} events end at ${show(expected)}: ${chain || 'no events'}`);
      }
    }
  }

  // ---- 7. conflicts visible on the timeline ----------------------------------------------------------
  const conflictEntries = timeline.filter((entry) => entry.kind === 'sync_conflict');
  for (const client of clients) {
    if ((client.docs as Partial<Record<string, unknown>>).timeline === undefined) continue;
    for (const entry of client.conflicts) {
      const expected = conflictRecord(entry.field, entry.localValue, entry.masterValue);
      if (!conflictEntries.some((candidate) => candidate.subjectId === entry.id && jsonEqual(candidate.conflict, expected))) {
        report(
          'conflict-not-on-timeline',
          `client ${client.index}'s conflict on ${key(entry.collection, entry.id, entry.field)} (${show(entry.localValue)} lost to ${show(entry.masterValue)}) has no sync_conflict timeline entry on the server; history:${docHistory(client, entry.id)}`,
        );
      }
    }
  }

  // ---- 5. client errors ----------------------------------------------------------------------------------
  for (const client of clients) {
    for (const error of client.errors) report('client-error', `client ${client.index}: ${error.split('\n').slice(0, 6).join(' | ')}`);
    for (const rejection of client.rejections) report('client-rejected', `client ${client.index}: the server refused a change: ${JSON.stringify(rejection).slice(0, 600)}`);
    if (client.stats.unauthorized > 0) report('client-error', `client ${client.index} was told its token is invalid ${client.stats.unauthorized} times`);
  }

  for (const [rule, count] of counts) {
    if (count > MAX_PER_RULE) violations.push({ rule, message: `… and ${count - MAX_PER_RULE} more ${rule} violations` });
  }
  const ackedWrites = clients.reduce((sum, client) => sum + client.writes.filter((write) => isAcknowledged(write, client.acks)).length, 0);
  return {
    violations,
    summary: {
      writes: allWrites.length,
      ackedWrites,
      creates: created.size,
      conflicts: clients.reduce((sum, client) => sum + client.conflicts.length, 0),
      contestedFields,
    },
  };
}
