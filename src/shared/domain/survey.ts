/**
 * Customer feedback: CSAT (1–5), NPS (0–10) and CES (1–7) answers. Immutable once recorded; agents
 * read them but cannot write them, so nobody can grade their own work.
 */
import type { EntitySchema } from '../sync/entity-schema';
import { countProperty, enumProperty, idProperty, languageProperty, textProperty, timestampProperty, whenFieldIs, type Language } from './common';
import { CHANNELS, type Channel } from './ticket';

export const SURVEY_KINDS = ['csat', 'nps', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** The answer scale of each kind. */
export const SURVEY_SCALES: Readonly<Record<SurveyKind, { readonly min: number; readonly max: number }>> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
};

export interface SurveyResponse {
  readonly id: string;
  readonly kind: SurveyKind;
  readonly score: number;
  readonly customerId: string;
  readonly ticketId?: string;
  readonly callId?: string;
  /** The agent the answer is about (denormalised for per-agent metrics). */
  readonly agentId?: string;
  /** The channel the survey was answered on. */
  readonly channel?: Channel;
  readonly language?: Language;
  readonly comment?: string;
  readonly respondedAt: string;
  readonly createdAt: string;
}

const overall = {
  min: Math.min(...Object.values(SURVEY_SCALES).map((scale) => scale.min)),
  max: Math.max(...Object.values(SURVEY_SCALES).map((scale) => scale.max)),
};

export const surveyResponseSchema: EntitySchema = {
  title: 'survey response',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    kind: enumProperty(SURVEY_KINDS),
    score: countProperty(overall.min, overall.max),
    customerId: idProperty,
    ticketId: idProperty,
    callId: idProperty,
    agentId: idProperty,
    channel: enumProperty(CHANNELS),
    language: languageProperty,
    comment: textProperty(2000),
    respondedAt: timestampProperty,
    createdAt: timestampProperty,
  },
  required: ['id', 'kind', 'score', 'customerId', 'respondedAt', 'createdAt'],
  indexes: [
    // Dashboards over a period.
    'respondedAt',
    ['kind', 'respondedAt'],
    // A customer's feedback in the CRM view.
    ['customerId', 'respondedAt'],
  ],
  allOf: SURVEY_KINDS.map((kind) =>
    whenFieldIs('kind', kind, { properties: { score: countProperty(SURVEY_SCALES[kind].min, SURVEY_SCALES[kind].max) } }),
  ),
};

export interface SurveySummary {
  readonly responses: number;
  /** CSAT: share of 4 and 5 answers, 0–100; undefined without answers. */
  readonly csatPercent?: number;
  /** NPS: % promoters (9–10) minus % detractors (0–6), −100 to 100. */
  readonly nps?: number;
  /** CES: mean effort score, 1–7 (lower is easier). */
  readonly cesAverage?: number;
}

/** The headline metric of each kind over a set of answers (answers of other kinds are ignored). */
export function summarizeSurveys(responses: readonly Pick<SurveyResponse, 'kind' | 'score'>[], kind: SurveyKind): SurveySummary {
  const scores = responses.filter((response) => response.kind === kind).map((response) => response.score);
  const count = scores.length;
  if (count === 0) return { responses: 0 };
  const share = (predicate: (score: number) => boolean) => (scores.filter(predicate).length / count) * 100;
  switch (kind) {
    case 'csat':
      return { responses: count, csatPercent: share((score) => score >= 4) };
    case 'nps':
      return { responses: count, nps: Math.round(share((score) => score >= 9) - share((score) => score <= 6)) };
    case 'ces':
      return { responses: count, cesAverage: scores.reduce((sum, score) => sum + score, 0) / count };
  }
}
