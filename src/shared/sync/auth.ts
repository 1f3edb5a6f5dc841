import type { PublicUser } from '../domain/roles';

export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}

export interface LoginResponse {
  readonly token: string;
  readonly user: PublicUser;
}

export const LOGIN_PATH = '/api/v1/auth/login';
export const USERS_PATH = '/api/v1/users';
export const HEALTH_PATH = '/healthz';
