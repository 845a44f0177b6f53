import { EventEmitter } from 'node:events';
import type { EventName, EventPayload, StudioEvent } from '../preload/api';

/**
 * The back end's one event bus. Every subscription is typed by the contract's event map: `on` for one event,
 * `onEvery` for all of them as the `StudioEvent` union (what the transports forward), so no payload leaves the bus
 * as `unknown` and a renamed event fails to compile where it is used.
 */
export class StudioEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    // `emit` pairs each name with its payload's type, so every event on the bus is a StudioEvent.
    const event = { name, payload } as StudioEvent;
    this.emitter.emit('event', event);
  }

  /** Subscribes to every event; returns the unsubscribe. */
  onEvery(listener: (event: StudioEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Subscribes to one event with its payload's type from the contract; returns the unsubscribe. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    return this.onEvery((event) => {
      if (event.name === name) listener(event.payload as EventPayload<K>);
    });
  }
}
