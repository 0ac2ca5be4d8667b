// Types for the few browser globals that e2e code touches inside the page. e2e/ is type-checked with the
// Node configuration, which has no DOM library (so main/ and server/ cannot reach for browser globals by
// accident); each file that runs code in the page declares `window` and `document` module-locally with these.
import type { TesseraApi } from '../../common/ipc';

export interface PageEvent {
  readonly type: string;
}

export interface PageCustomEvent<T> extends PageEvent {
  readonly detail: T;
}

export interface PageSecurityPolicyViolation extends PageEvent {
  readonly effectiveDirective: string;
  readonly blockedURI: string;
  readonly disposition: string;
}

export type PageNode = object;

export interface PageElement extends PageNode {
  setAttribute(name: string, value: string): void;
  appendChild(child: PageNode): PageNode;
  insertAdjacentHTML(position: 'beforeend', html: string): void;
}

export interface PageDocument {
  readonly body: PageElement;
  createElement(tag: string): PageElement;
  createTextNode(text: string): PageNode;
  addEventListener(type: string, listener: (event: PageEvent) => void): void;
  removeEventListener(type: string, listener: (event: PageEvent) => void): void;
  dispatchEvent(event: PageEvent): boolean;
}

/** `window` as the page sees it: the preload's API plus whatever a test reads or plants. */
export type PageWindow = { readonly tessera: TesseraApi } & Record<string, unknown>;

export type PageCustomEventConstructor = new <T>(type: string, init: { detail: T }) => PageCustomEvent<T>;
