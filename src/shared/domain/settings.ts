/**
 * Configuration as replicated documents, one collection with a `kind` discriminator: SLA policies,
 * business calendars, canned responses, disposition codes, call queues, groups (teams) and saved
 * views. Each document carries exactly one payload object, named after its kind. One collection keeps
 * the RxDB collection budget (13 per process) for the data that needs its own indexes.
 */
import type { EntitySchema, JsonSchemaProperty, JsonSubschema } from '../sync/entity-schema';
import {
  countProperty,
  e164Property,
  enumListProperty,
  enumProperty,
  idListProperty,
  idProperty,
  LANGUAGES,
  languageProperty,
  tagsProperty,
  textProperty,
  timestampProperty,
  whenFieldIs,
  type Language,
} from './common';
import { CUSTOMER_SEGMENTS, timeZoneProperty, type CustomerSegment } from './customer';
import { DISPOSITION_CODE_PATTERN } from './call';
import { SKILL_PATTERN } from './user';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Channel, type Tier, type TicketPriority, type TicketStatus } from './ticket';

export const SETTINGS_KINDS = [
  'slaPolicy',
  'businessCalendar',
  'cannedResponse',
  'dispositionCode',
  'queue',
  'group',
  'savedView',
] as const;
export type SettingsKind = (typeof SETTINGS_KINDS)[number];

// ---- SLA policy ----------------------------------------------------------------------------------

export interface SlaTarget {
  /** Business minutes from creation to the first agent reply. */
  readonly firstResponseMinutes: number;
  /** Business minutes from a customer message to the next agent reply; absent: not measured. */
  readonly nextResponseMinutes?: number;
  /** Business minutes from creation to solved (time in pending/on-hold is not counted). */
  readonly resolutionMinutes: number;
}

export interface SlaPolicy {
  /** Lower rank is tried first; the first enabled policy whose match fits the ticket applies. */
  readonly rank: number;
  /** Which tickets it applies to; an absent or empty list matches everything. */
  readonly match: {
    readonly channels?: readonly Channel[];
    readonly segments?: readonly CustomerSegment[];
    readonly tiers?: readonly Tier[];
  };
  readonly targets: Readonly<Record<TicketPriority, SlaTarget>>;
  /** The business calendar (settings kind businessCalendar) the clock runs on; absent: 24/7. */
  readonly calendarId?: string;
  /** A ticket is "at risk" once this share of a target's time has elapsed. */
  readonly atRiskPercent: number;
}

// ---- business calendar ---------------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 24-hour clock, local to the calendar's time zone; an end may be 24:00. */
export interface Shift {
  readonly start: string;
  readonly end: string;
}

export interface Holiday {
  /** `YYYY-MM-DD` in the calendar's time zone. */
  readonly date: string;
  readonly name: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. America/Sao_Paulo. */
  readonly timeZone: string;
  /** Open hours per weekday; several shifts for split days (09:00–12:00, 13:00–18:00); empty: closed. */
  readonly weeklyHours: Readonly<Record<Weekday, readonly Shift[]>>;
  readonly holidays: readonly Holiday[];
}

// ---- the other kinds -----------------------------------------------------------------------------

export interface CannedResponse {
  /** May contain placeholders such as {{customer.firstName}} (see CANNED_PLACEHOLDERS). */
  readonly body: string;
  readonly language: Language;
  readonly tags: readonly string[];
  /** Typed in the reply box to insert it, e.g. `/refund`. */
  readonly shortcut?: string;
}

export interface DispositionCode {
  /** Stored on calls, e.g. `resolved_first_contact`. */
  readonly code: string;
  readonly description?: string;
  /** The agent must write call notes when choosing it. */
  readonly requiresNote: boolean;
}

export interface Queue {
  readonly tier: Tier;
  /** The group (team) whose members take its calls. */
  readonly groupId?: string;
  /** An agent needs all of these skills to be offered its calls. */
  readonly requiredSkills: readonly string[];
  /** Languages callers of this queue speak (an agent needs one of them); empty: any. */
  readonly languages: readonly Language[];
  /** How long a call rings at one agent before it is offered to the next. */
  readonly ringTimeoutSeconds: number;
  /** Service level: `serviceLevelTargetPercent` % of calls answered within `serviceLevelTargetSeconds`. */
  readonly serviceLevelTargetSeconds: number;
  readonly serviceLevelTargetPercent: number;
  /** Numbers (DIDs) whose inbound calls land in this queue. */
  readonly phoneNumbers: readonly string[];
}

export interface Group {
  readonly tier: Tier;
  readonly description?: string;
}

export const VIEW_SORT_FIELDS = ['updatedAt', 'createdAt', 'priority', 'firstResponseDueAt', 'resolutionDueAt', 'number'] as const;
export type ViewSortField = (typeof VIEW_SORT_FIELDS)[number];
export const VIEW_ASSIGNEE_FILTERS = ['me', 'unassigned', 'anyone'] as const;
export const VIEW_SLA_FILTERS = ['at_risk', 'breached'] as const;

export interface SavedView {
  /** The user it belongs to; absent for a shared view (which only supervisors and admins write). */
  readonly ownerId?: string;
  readonly filters: {
    readonly statuses?: readonly TicketStatus[];
    readonly priorities?: readonly TicketPriority[];
    readonly channels?: readonly Channel[];
    readonly tiers?: readonly Tier[];
    readonly groupIds?: readonly string[];
    readonly tags?: readonly string[];
    readonly assignee?: (typeof VIEW_ASSIGNEE_FILTERS)[number];
    readonly sla?: (typeof VIEW_SLA_FILTERS)[number];
    /** v1: tickets assigned to one of these users. */
    readonly assigneeIds?: readonly string[];
    /** v1: tickets of one of these customers. */
    readonly customerIds?: readonly string[];
  };
  readonly sort: { readonly field: ViewSortField; readonly direction: 'asc' | 'desc' };
}

interface SettingsPayloads {
  readonly slaPolicy: SlaPolicy;
  readonly businessCalendar: BusinessCalendar;
  readonly cannedResponse: CannedResponse;
  readonly dispositionCode: DispositionCode;
  readonly queue: Queue;
  readonly group: Group;
  readonly savedView: SavedView;
}

interface SettingsBase {
  readonly id: string;
  /** What users see: the policy, calendar, queue, group or view name; a canned response's title. */
  readonly name: string;
  /** Disabled documents are kept (referenced by history) but not offered or applied. */
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A settings document: the common fields, its kind, and the one payload named after the kind. */
export type SettingsDocument = {
  readonly [K in SettingsKind]: SettingsBase & { readonly kind: K } & { readonly [P in K]: SettingsPayloads[K] };
}[SettingsKind];

export type SettingsOfKind<K extends SettingsKind> = Extract<SettingsDocument, { readonly kind: K }>;

// ---- schema --------------------------------------------------------------------------------------

const object = (properties: Readonly<Record<string, JsonSchemaProperty>>, required: readonly string[]): JsonSchemaProperty => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const MINUTES_MAX = 366 * 24 * 60;
const minutesProperty = countProperty(1, MINUTES_MAX);
const slaTargetProperty = object(
  { firstResponseMinutes: minutesProperty, nextResponseMinutes: minutesProperty, resolutionMinutes: minutesProperty },
  ['firstResponseMinutes', 'resolutionMinutes'],
);

export const CLOCK_PATTERN = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';
export const DATE_PATTERN = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';
const shiftListProperty: JsonSchemaProperty = {
  type: 'array',
  items: object(
    { start: { type: 'string', pattern: CLOCK_PATTERN, maxLength: 5 }, end: { type: 'string', pattern: CLOCK_PATTERN, maxLength: 5 } },
    ['start', 'end'],
  ),
  maxItems: 4,
};

export const SHORTCUT_PATTERN = '^/[a-z0-9][a-z0-9_-]{0,31}$';

/** What a saved view could filter on in schema v0 (frozen, see settingsSchemaV1). */
const VIEW_FILTER_PROPERTIES_V0: Readonly<Record<string, JsonSchemaProperty>> = {
  statuses: enumListProperty(TICKET_STATUSES),
  priorities: enumListProperty(TICKET_PRIORITIES),
  channels: enumListProperty(CHANNELS),
  tiers: enumListProperty(TIERS),
  groupIds: idListProperty(20),
  tags: tagsProperty,
  assignee: enumProperty(VIEW_ASSIGNEE_FILTERS),
  sla: enumProperty(VIEW_SLA_FILTERS),
};

/** How many customers or assignees one saved view may pick. */
export const VIEW_PICKED_MAX = 50;

const PAYLOAD_SCHEMAS: Readonly<Record<SettingsKind, JsonSchemaProperty>> = {
  slaPolicy: object(
    {
      rank: countProperty(0, 1000),
      match: object({ channels: enumListProperty(CHANNELS), segments: enumListProperty(CUSTOMER_SEGMENTS), tiers: enumListProperty(TIERS) }, []),
      targets: object(Object.fromEntries(TICKET_PRIORITIES.map((priority) => [priority, slaTargetProperty])), [...TICKET_PRIORITIES]),
      calendarId: idProperty,
      atRiskPercent: countProperty(1, 99),
    },
    ['rank', 'match', 'targets', 'atRiskPercent'],
  ),
  businessCalendar: object(
    {
      timeZone: timeZoneProperty,
      weeklyHours: object(Object.fromEntries(WEEKDAYS.map((day) => [day, shiftListProperty])), [...WEEKDAYS]),
      holidays: {
        type: 'array',
        items: object({ date: { type: 'string', pattern: DATE_PATTERN, maxLength: 10 }, name: textProperty(120, 1) }, ['date', 'name']),
        maxItems: 400,
      },
    },
    ['timeZone', 'weeklyHours', 'holidays'],
  ),
  cannedResponse: object(
    {
      body: textProperty(10000, 1),
      language: languageProperty,
      tags: tagsProperty,
      shortcut: { type: 'string', pattern: SHORTCUT_PATTERN, maxLength: 33 },
    },
    ['body', 'language', 'tags'],
  ),
  dispositionCode: object(
    {
      code: { type: 'string', pattern: DISPOSITION_CODE_PATTERN, maxLength: 64 },
      description: textProperty(500),
      requiresNote: { type: 'boolean' },
    },
    ['code', 'requiresNote'],
  ),
  queue: object(
    {
      tier: enumProperty(TIERS),
      groupId: idProperty,
      requiredSkills: { type: 'array', items: { type: 'string', pattern: SKILL_PATTERN, maxLength: 32 }, maxItems: 20, uniqueItems: true },
      languages: enumListProperty(LANGUAGES),
      ringTimeoutSeconds: countProperty(5, 600),
      serviceLevelTargetSeconds: countProperty(1, 3600),
      serviceLevelTargetPercent: countProperty(1, 100),
      phoneNumbers: { type: 'array', items: e164Property, maxItems: 20, uniqueItems: true },
    },
    ['tier', 'requiredSkills', 'languages', 'ringTimeoutSeconds', 'serviceLevelTargetSeconds', 'serviceLevelTargetPercent', 'phoneNumbers'],
  ),
  group: object({ tier: enumProperty(TIERS), description: textProperty(500) }, ['tier']),
  savedView: savedViewProperty(VIEW_FILTER_PROPERTIES_V0),
};

/** The saved-view payload with these filter properties (v0 and v1 differ only in the filters). */
function savedViewProperty(filters: Readonly<Record<string, JsonSchemaProperty>>): JsonSchemaProperty {
  return object(
    {
      ownerId: idProperty,
      filters: object(filters, []),
      sort: object({ field: enumProperty(VIEW_SORT_FIELDS), direction: enumProperty(['asc', 'desc']) }, ['field', 'direction']),
    },
    ['filters', 'sort'],
  );
}

/** kind X requires payload X and forbids every other payload. */
function payloadOf(kind: SettingsKind): JsonSubschema {
  return {
    properties: Object.fromEntries(SETTINGS_KINDS.map((other) => [other, other === kind ? { type: 'object' } : false])),
    required: [kind],
  };
}

export const settingsSchema: EntitySchema = {
  title: 'settings document',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    kind: enumProperty(SETTINGS_KINDS),
    name: textProperty(120, 1),
    enabled: { type: 'boolean' },
    ...PAYLOAD_SCHEMAS,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
  },
  required: ['id', 'kind', 'name', 'enabled', 'createdAt', 'updatedAt'],
  // Every settings screen and picker lists one kind by name.
  indexes: [['kind', 'name']],
  allOf: SETTINGS_KINDS.map((kind) => whenFieldIs('kind', kind, payloadOf(kind))),
};

/**
 * The settings schema the product replicates (COLLECTIONS.settings): v0 plus two optional saved-view
 * filters, the customers and the assignees picked, so every v0 document is a valid v1 document and the
 * RxDB migration to it is the identity (MIGRATION_STRATEGIES.settings). `settingsSchema` stays frozen:
 * RxDB refuses a changed schema under the same version (DB6).
 */
export const settingsSchemaV1: EntitySchema = {
  ...settingsSchema,
  version: 1,
  properties: {
    ...settingsSchema.properties,
    savedView: savedViewProperty({
      ...VIEW_FILTER_PROPERTIES_V0,
      assigneeIds: idListProperty(VIEW_PICKED_MAX),
      customerIds: idListProperty(VIEW_PICKED_MAX),
    }),
  },
};
