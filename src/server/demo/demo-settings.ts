/**
 * The configuration of the demo call centre, as `settings` documents: a São Paulo business calendar
 * with Brazilian national holidays, SLA policies with targets per priority, canned responses in en
 * and pt-BR, call disposition codes, queues (General L1, Billing, Technical L2, Specialists L3), one or
 * two groups per tier, and a shared and a personal saved view. Fixed content: only dates follow the
 * reference time.
 */
import type { SettingsDocument, SettingsKind, SettingsOfKind, SlaTarget } from '../../shared/domain/settings';
import type { TicketPriority, Tier } from '../../shared/domain/ticket';

export const DEMO_GROUP_IDS = {
  serviceDesk: 'set_group_service_desk',
  billing: 'set_group_billing',
  technical: 'set_group_technical',
  specialists: 'set_group_specialists',
} as const;

export const DEMO_QUEUE_IDS = {
  general: 'set_queue_general',
  billing: 'set_queue_billing',
  technical: 'set_queue_technical',
  specialists: 'set_queue_specialists',
} as const;

export const DEMO_CALENDAR_ID = 'set_calendar_sao_paulo';

/** The group that works tickets of a tier (billing questions at L1 go to the billing team). */
export function demoGroupFor(tier: Tier, billing: boolean): string {
  if (tier === 'L3') return DEMO_GROUP_IDS.specialists;
  if (tier === 'L2') return DEMO_GROUP_IDS.technical;
  return billing ? DEMO_GROUP_IDS.billing : DEMO_GROUP_IDS.serviceDesk;
}

/** The queue a call about a ticket of that tier came through. */
export function demoQueueFor(tier: Tier, billing: boolean): string {
  if (tier === 'L3') return DEMO_QUEUE_IDS.specialists;
  if (tier === 'L2') return DEMO_QUEUE_IDS.technical;
  return billing ? DEMO_QUEUE_IDS.billing : DEMO_QUEUE_IDS.general;
}

/** The number (DID) callers dial for each queue. */
export const DEMO_QUEUE_NUMBERS: Readonly<Record<keyof typeof DEMO_QUEUE_IDS, string>> = {
  general: '+551130040100',
  billing: '+551130040200',
  technical: '+551130040300',
  specialists: '+551130040400',
};

export const DEMO_DISPOSITION_CODES = [
  { code: 'resolved_first_contact', name: 'Resolved on first contact', description: 'The caller needs nothing more.', requiresNote: false },
  { code: 'callback_scheduled', name: 'Callback scheduled', description: 'We promised to call back; note when and why.', requiresNote: true },
  { code: 'escalated', name: 'Escalated', description: 'Handed to the next tier; note the reason.', requiresNote: true },
  { code: 'transferred', name: 'Transferred to another queue', requiresNote: false },
  { code: 'information_only', name: 'Information only', description: 'Questions answered, no ticket action.', requiresNote: false },
  { code: 'retention_offer', name: 'Retention offer made', description: 'Note the offer and the answer.', requiresNote: true },
  { code: 'wrong_number', name: 'Wrong number', requiresNote: false },
] as const;

/** Brazilian national holidays on fixed dates (Carnival and Good Friday move with Easter; not listed). */
const BR_HOLIDAYS: readonly (readonly [string, string])[] = [
  ['01-01', 'Confraternização Universal'],
  ['04-21', 'Tiradentes'],
  ['05-01', 'Dia do Trabalho'],
  ['09-07', 'Independência do Brasil'],
  ['10-12', 'Nossa Senhora Aparecida'],
  ['11-02', 'Finados'],
  ['11-15', 'Proclamação da República'],
  ['11-20', 'Dia Nacional de Zumbi e da Consciência Negra'],
  ['12-25', 'Natal'],
];

const minutes = (first: number, next: number, resolution: number): SlaTarget => ({ firstResponseMinutes: first, nextResponseMinutes: next, resolutionMinutes: resolution });

const STANDARD_TARGETS: Readonly<Record<TicketPriority, SlaTarget>> = {
  urgent: minutes(30, 60, 240),
  high: minutes(60, 120, 480),
  normal: minutes(240, 480, 1440),
  low: minutes(480, 960, 2880),
};

const VIP_TARGETS: Readonly<Record<TicketPriority, SlaTarget>> = {
  urgent: minutes(15, 30, 120),
  high: minutes(30, 60, 240),
  normal: minutes(60, 180, 720),
  low: minutes(120, 360, 1440),
};

const LIVE_TARGETS: Readonly<Record<TicketPriority, SlaTarget>> = {
  urgent: minutes(10, 30, 240),
  high: minutes(20, 60, 480),
  normal: minutes(60, 240, 1440),
  low: minutes(120, 480, 2880),
};

interface CannedText {
  readonly key: string;
  readonly name: string;
  readonly shortcut: string;
  readonly tags: readonly string[];
  readonly body: string;
}

const CANNED: Readonly<Record<'en' | 'pt-BR', readonly CannedText[]>> = {
  en: [
    {
      key: 'greeting',
      name: 'Greeting',
      shortcut: '/hello',
      tags: ['greeting'],
      body: 'Hi {{customer.firstName}},\n\nThank you for contacting us. I am {{agent.firstName}} and I will be handling ticket #{{ticket.number}} ("{{ticket.subject}}").',
    },
    {
      key: 'refund',
      name: 'Refund timeline',
      shortcut: '/refund',
      tags: ['refund'],
      body: 'Hi {{customer.firstName}},\n\nYour refund has been issued. Card refunds take 5 to 10 business days to appear on your statement; bank transfers take 2 business days.\n\nBest regards,\n{{agent.name}}',
    },
    {
      key: 'password',
      name: 'Password reset steps',
      shortcut: '/password',
      tags: ['account', 'login'],
      body: 'Hi {{customer.firstName}},\n\nPlease use "Forgot password" on the sign-in page and follow the link we send to {{customer.email}}. The link is valid for 30 minutes.\n\n{{agent.name}}',
    },
    {
      key: 'closing',
      name: 'Closing',
      shortcut: '/close',
      tags: ['closing'],
      body: 'Hi {{customer.firstName}},\n\nI am marking ticket #{{ticket.number}} as solved. If anything else comes up, just reply to this message and it will reopen.\n\nThank you,\n{{agent.name}}',
    },
  ],
  'pt-BR': [
    {
      key: 'greeting',
      name: 'Saudação',
      shortcut: '/ola',
      tags: ['greeting'],
      body: 'Olá, {{customer.firstName}}!\n\nObrigado por entrar em contato. Sou {{agent.firstName}} e vou acompanhar o chamado #{{ticket.number}} ("{{ticket.subject}}").',
    },
    {
      key: 'refund',
      name: 'Prazo de reembolso',
      shortcut: '/reembolso',
      tags: ['refund'],
      body: 'Olá, {{customer.firstName}}!\n\nSeu reembolso já foi solicitado. No cartão, o estorno aparece em 5 a 10 dias úteis (pode cair na fatura seguinte); no Pix, em até 2 dias úteis.\n\nAtenciosamente,\n{{agent.name}}',
    },
    {
      key: 'password',
      name: 'Redefinição de senha',
      shortcut: '/senha',
      tags: ['account', 'login'],
      body: 'Olá, {{customer.firstName}}!\n\nUse a opção "Esqueci minha senha" na tela de acesso e siga o link enviado para {{customer.email}}. O link vale por 30 minutos.\n\n{{agent.name}}',
    },
    {
      key: 'closing',
      name: 'Encerramento',
      shortcut: '/encerrar',
      tags: ['closing'],
      body: 'Olá, {{customer.firstName}}!\n\nEstou marcando o chamado #{{ticket.number}} como resolvido. Se precisar de algo mais, é só responder esta mensagem que ele será reaberto.\n\nObrigado,\n{{agent.name}}',
    },
  ],
};

/** Every demo settings document; timestamps half a year before the reference time. */
export function demoSettings(referenceTime: Date): SettingsDocument[] {
  const at = new Date(referenceTime.getTime() - 180 * 86_400_000).toISOString();
  const base = <K extends SettingsKind>(id: string, kind: K, name: string) => ({ id, kind, name, enabled: true, createdAt: at, updatedAt: at });
  const year = referenceTime.getUTCFullYear();

  const calendar: SettingsOfKind<'businessCalendar'> = {
    ...base(DEMO_CALENDAR_ID, 'businessCalendar', 'São Paulo office hours'),
    businessCalendar: {
      timeZone: 'America/Sao_Paulo',
      weeklyHours: {
        mon: [{ start: '08:00', end: '18:00' }],
        tue: [{ start: '08:00', end: '18:00' }],
        wed: [{ start: '08:00', end: '18:00' }],
        thu: [{ start: '08:00', end: '18:00' }],
        fri: [{ start: '08:00', end: '18:00' }],
        sat: [],
        sun: [],
      },
      holidays: [year - 1, year, year + 1].flatMap((y) => BR_HOLIDAYS.map(([date, name]) => ({ date: `${String(y)}-${date}`, name }))),
    },
  };

  const policies: SettingsOfKind<'slaPolicy'>[] = [
    {
      ...base('set_sla_vip', 'slaPolicy', 'VIP and enterprise'),
      // Around the clock: no calendar.
      slaPolicy: { rank: 10, match: { segments: ['vip', 'enterprise'] }, targets: VIP_TARGETS, atRiskPercent: 70 },
    },
    {
      ...base('set_sla_live', 'slaPolicy', 'Live channels (phone, chat, WhatsApp)'),
      slaPolicy: { rank: 50, match: { channels: ['phone', 'chat', 'whatsapp'] }, targets: LIVE_TARGETS, calendarId: DEMO_CALENDAR_ID, atRiskPercent: 75 },
    },
    {
      ...base('set_sla_standard', 'slaPolicy', 'Standard'),
      slaPolicy: { rank: 100, match: {}, targets: STANDARD_TARGETS, calendarId: DEMO_CALENDAR_ID, atRiskPercent: 80 },
    },
  ];

  const groups: SettingsOfKind<'group'>[] = [
    { ...base(DEMO_GROUP_IDS.serviceDesk, 'group', 'Service desk'), group: { tier: 'L1', description: 'First contact for every channel.' } },
    { ...base(DEMO_GROUP_IDS.billing, 'group', 'Billing'), group: { tier: 'L1', description: 'Invoices, charges, refunds and payment methods.' } },
    { ...base(DEMO_GROUP_IDS.technical, 'group', 'Technical support'), group: { tier: 'L2', description: 'Outages, devices and account security.' } },
    { ...base(DEMO_GROUP_IDS.specialists, 'group', 'Specialists'), group: { tier: 'L3', description: 'Engineering liaison and privacy requests.' } },
  ];

  const queue = (
    key: keyof typeof DEMO_QUEUE_IDS,
    name: string,
    tier: Tier,
    groupId: string,
    requiredSkills: readonly string[],
    serviceLevelTargetSeconds: number,
    serviceLevelTargetPercent: number,
  ): SettingsOfKind<'queue'> => ({
    ...base(DEMO_QUEUE_IDS[key], 'queue', name),
    queue: {
      tier,
      groupId,
      requiredSkills,
      languages: ['pt-BR', 'en'],
      ringTimeoutSeconds: 20,
      serviceLevelTargetSeconds,
      serviceLevelTargetPercent,
      phoneNumbers: [DEMO_QUEUE_NUMBERS[key]],
    },
  });
  const queues = [
    queue('general', 'General L1', 'L1', DEMO_GROUP_IDS.serviceDesk, [], 20, 80),
    queue('billing', 'Billing', 'L1', DEMO_GROUP_IDS.billing, ['billing'], 30, 80),
    queue('technical', 'Technical L2', 'L2', DEMO_GROUP_IDS.technical, ['technical'], 60, 80),
    queue('specialists', 'Specialists L3', 'L3', DEMO_GROUP_IDS.specialists, ['technical', 'specialist'], 120, 70),
  ];

  const canned: SettingsOfKind<'cannedResponse'>[] = (['en', 'pt-BR'] as const).flatMap((language) =>
    CANNED[language].map((text) => ({
      ...base(`set_canned_${text.key}_${language === 'en' ? 'en' : 'pt'}`, 'cannedResponse', text.name),
      cannedResponse: { body: text.body, language, tags: text.tags, shortcut: text.shortcut },
    })),
  );

  const dispositions: SettingsOfKind<'dispositionCode'>[] = DEMO_DISPOSITION_CODES.map((entry) => ({
    ...base(`set_disposition_${entry.code}`, 'dispositionCode', entry.name),
    dispositionCode: { code: entry.code, ...('description' in entry ? { description: entry.description } : {}), requiresNote: entry.requiresNote },
  }));

  const views: SettingsOfKind<'savedView'>[] = [
    {
      ...base('set_view_urgent_open', 'savedView', 'Urgent and high, open'),
      savedView: { filters: { statuses: ['new', 'open'], priorities: ['urgent', 'high'] }, sort: { field: 'updatedAt', direction: 'desc' } },
    },
    {
      ...base('set_view_ana_mine', 'savedView', 'Minha fila'),
      savedView: { ownerId: 'usr_ana', filters: { statuses: ['new', 'open', 'pending'], assignee: 'me' }, sort: { field: 'priority', direction: 'desc' } },
    },
  ];

  return [calendar, ...policies, ...groups, ...queues, ...canned, ...dispositions, ...views];
}
