/**
 * Calling a bench page's API from Node. Each page (bench/<suite>/browser/*.ts) puts an object on its
 * global scope that implements an interface shared with the Node side (bench/<suite>/page-api.ts);
 * Node calls its methods through `page.evaluate`, so every answer arrives as a promise and arguments
 * and answers cross as Playwright serializes them (plain data).
 */
import type { Page } from '@playwright/test';

type Method = (...args: never[]) => unknown;

/** The names of `Api`'s methods. */
export type MethodOf<Api> = { [K in keyof Api]: Api[K] extends Method ? K : never }[keyof Api] & string;
export type ArgsOf<Api, K extends MethodOf<Api>> = Api[K] extends (...args: infer A) => unknown ? A : never;
export type AnswerOf<Api, K extends MethodOf<Api>> = Api[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

/** `Api` as Node sees it: the same methods, each answering a promise. */
export type Remote<Api> = { readonly [K in MethodOf<Api>]: (...args: ArgsOf<Api, K>) => Promise<AnswerOf<Api, K>> };

/** Calls `method` of the object the page keeps at `globalThis[global]`. */
export function callPage<Api, K extends MethodOf<Api>>(page: Page, global: string, method: K, ...args: ArgsOf<Api, K>): Promise<AnswerOf<Api, K>> {
  return page.evaluate(
    ([name, key, params]) => {
      const api = (globalThis as unknown as Record<string, Record<string, ((...values: unknown[]) => unknown) | undefined> | undefined>)[name];
      const fn = api?.[key];
      if (api === undefined || fn === undefined) throw new Error(`no ${name}.${key} in this page`);
      return fn.apply(api, params);
    },
    [global, method, args as unknown[]] as const,
  ) as Promise<AnswerOf<Api, K>>;
}

/** Every method of the page's `globalThis[global]` as a function of Node (see `Remote`). */
export function remotePage<Api>(page: Page, global: string): Remote<Api> {
  return new Proxy({} as Remote<Api>, {
    // Not a thenable: `then` (and symbols) are no page methods, so the object can be awaited or returned.
    get: (_target, method) =>
      typeof method !== 'string' || method === 'then'
        ? undefined
        : (...args: unknown[]) => callPage<Record<string, Method>, string>(page, global, method, ...(args as never[])),
  });
}

/** A page whose API appears once it is ready (it sets `globalThis[readyFlag] = true`). */
export interface PageClient<Api> {
  ready(): Promise<void>;
  call<K extends MethodOf<Api>>(method: K, ...args: ArgsOf<Api, K>): Promise<AnswerOf<Api, K>>;
}

export function pageClient<Api>(page: Page, global: string, readyFlag: string): PageClient<Api> {
  return {
    ready: async () => {
      await page.waitForFunction((flag) => (globalThis as unknown as Record<string, unknown>)[flag] === true, readyFlag);
    },
    call: (method, ...args) => callPage<Api, typeof method>(page, global, method, ...args),
  };
}

