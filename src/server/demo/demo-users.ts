import type { Role } from '../../shared/domain/roles';

export const DEMO_PASSWORD = 'demo1234';

export interface DemoUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

/** The accounts of demo mode (all with DEMO_PASSWORD). Stable ids: demo tickets are assigned to them. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'usr_ana', email: 'agent@example.com', name: 'Ana Souza', role: 'agent' },
  { id: 'usr_bruno', email: 'agent2@example.com', name: 'Bruno Lima', role: 'agent' },
  { id: 'usr_carla', email: 'supervisor@example.com', name: 'Carla Mendes', role: 'supervisor' },
  { id: 'usr_diego', email: 'admin@example.com', name: 'Diego Rocha', role: 'admin' },
];
