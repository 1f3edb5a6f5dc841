/**
 * The replicated profile of a user (agents, supervisors, admins): what other screens need to show and
 * route to them. Credentials stay in the server's auth tables; presence (online, on a call, away) is
 * live state sent over the stream and never stored in the replica.
 */
import type { EntitySchema } from '../sync/entity-schema';
import { emailProperty, enumListProperty, enumProperty, idListProperty, idProperty, LANGUAGES, textProperty, timestampProperty, type Language } from './common';
import { ROLES, type Role } from './roles';
import { TIERS, type Tier } from './ticket';

/** A skill code, e.g. `billing`, `spanish`, `hardware-l2`: queues require them, agents have them. */
export const SKILL_PATTERN = '^[a-z0-9][a-z0-9-]{0,31}$';
export const AVATAR_COLOR_PATTERN = '^#[0-9a-fA-F]{6}$';

export interface UserProfile {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** The support tier the user works in; absent for users who take no tickets (e.g. admins). */
  readonly tier?: Tier;
  /** Settings documents of kind group the user belongs to. */
  readonly groupIds: readonly string[];
  readonly skills: readonly string[];
  /** Languages the user serves customers in. */
  readonly languages: readonly Language[];
  /** `#rrggbb`, the background of the user's initials. */
  readonly avatarColor: string;
  /** Internal extension for agent-to-agent calls. */
  readonly extension?: string;
  /** False once the user left: kept so history still shows their name. */
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const userProfileSchema: EntitySchema = {
  title: 'user profile',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    name: textProperty(200, 1),
    email: emailProperty,
    role: enumProperty(ROLES),
    tier: enumProperty(TIERS),
    groupIds: idListProperty(20),
    skills: { type: 'array', items: { type: 'string', pattern: SKILL_PATTERN, maxLength: 32 }, maxItems: 50, uniqueItems: true },
    languages: enumListProperty(LANGUAGES),
    avatarColor: { type: 'string', pattern: AVATAR_COLOR_PATTERN, maxLength: 7 },
    extension: { type: 'string', pattern: '^[0-9]{2,8}$', maxLength: 8 },
    active: { type: 'boolean' },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
  },
  required: ['id', 'name', 'email', 'role', 'groupIds', 'skills', 'languages', 'avatarColor', 'active', 'createdAt', 'updatedAt'],
  // The people picker and team lists: active users, alphabetically.
  indexes: [['active', 'name']],
};
