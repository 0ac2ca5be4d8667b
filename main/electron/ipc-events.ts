// Main -> renderer events, checked against the contract before they leave main. Free of Electron: the
// caller supplies how to deliver (webContents.send in the app, the page in the e2e harness).
import { eventChannel, events, isEventName, type EventName, type EventPayload } from '../../common/ipc';

export type DeliverEvent = (channel: string, payload: unknown) => void;

export interface EventPublisher {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEventPublisher(deliver: DeliverEvent): EventPublisher {
  return {
    publish(event, payload) {
      if (!isEventName(event)) throw new Error(`Undeclared IPC event "${String(event)}"`);
      // Throws on a payload that breaks the contract: a bug in main, better found here than in the UI.
      const parsed: unknown = events[event].parse(payload);
      deliver(eventChannel(event), parsed);
    },
  };
}
