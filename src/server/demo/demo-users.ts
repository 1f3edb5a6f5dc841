import type { Role } from '../../shared/domain/roles';
import type { ProfileExtras } from '../auth/user-profiles';
import { DEMO_GROUP_IDS } from './demo-settings';

export const DEMO_PASSWORD = 'demo1234';

export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Their document in the replicated `users` collection: tier, teams, skills, extension. */
  readonly profile: ProfileExtras;
}

/** The accounts of demo mode (all with DEMO_PASSWORD). Stable ids: demo tickets are assigned to them. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'usr_ana',
    email: 'agent@example.com',
    name: 'Ana Souza',
    role: 'agent',
    profile: { tier: 'L1', groupIds: [DEMO_GROUP_IDS.serviceDesk, DEMO_GROUP_IDS.billing], skills: ['billing', 'account'], languages: ['pt-BR', 'en'], avatarColor: '#1c7ed6', extension: '2001' },
  },
  {
    id: 'usr_bruno',
    email: 'agent2@example.com',
    name: 'Bruno Lima',
    role: 'agent',
    profile: { tier: 'L2', groupIds: [DEMO_GROUP_IDS.technical], skills: ['technical', 'delivery'], languages: ['pt-BR', 'en'], avatarColor: '#2f9e44', extension: '2002' },
  },
  {
    id: 'usr_carla',
    email: 'supervisor@example.com',
    name: 'Carla Mendes',
    role: 'supervisor',
    profile: {
      tier: 'L3',
      groupIds: [DEMO_GROUP_IDS.specialists, DEMO_GROUP_IDS.technical],
      skills: ['technical', 'specialist', 'billing'],
      languages: ['pt-BR', 'en'],
      avatarColor: '#ae3ec9',
      extension: '2100',
    },
  },
  {
    id: 'usr_diego',
    email: 'admin@example.com',
    name: 'Diego Rocha',
    role: 'admin',
    profile: { groupIds: [], skills: [], languages: ['pt-BR', 'en'], avatarColor: '#e8590c', extension: '2900' },
  },
];
