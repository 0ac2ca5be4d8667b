// The shape of `window.tessera`, derived from the contract: one namespace per domain, one function per verb,
// plus `on(event, listener)` for the events main declares. The renderer sees only this type.
import type { z } from 'zod';
import type { Contract, EventName, Events, MethodName } from './index';
import type { IpcResult } from './result';

/** What the caller passes (before zod defaults and transforms). */
export type MethodRequest<M extends MethodName> = z.input<Contract[M]['req']>;
/** What the handler receives after parsing. */
export type ParsedRequest<M extends MethodName> = z.output<Contract[M]['req']>;
/** What the renderer receives. */
export type MethodResponse<M extends MethodName> = z.output<Contract[M]['res']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

type DomainOf<M extends string> = M extends `${infer D}.${string}` ? D : never;

/** Methods without a request take no argument. */
export type MethodFunction<M extends MethodName> = undefined extends MethodRequest<M>
  ? (req?: MethodRequest<M>) => Promise<IpcResult<MethodResponse<M>>>
  : (req: MethodRequest<M>) => Promise<IpcResult<MethodResponse<M>>>;

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
export type Unsubscribe = () => void;

export type TesseraApi = {
  readonly [D in DomainOf<MethodName>]: {
    readonly [M in MethodName as M extends `${D}.${infer V}` ? V : never]: MethodFunction<M>;
  };
} & {
  /** Subscribes to an event main sends; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: EventListener<E>) => Unsubscribe;
};
