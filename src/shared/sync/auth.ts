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
/** `POST` with a valid bearer token → a fresh `LoginResponse` (same user, current role, new expiry). */
export const REFRESH_PATH = '/api/v1/auth/refresh';
