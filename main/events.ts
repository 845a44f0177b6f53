import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../preload/api';

/** The back end's one event bus; transports forward every event on it to their windows. */
export class StudioEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    this.emitter.emit('event', name, payload);
  }

  /** Subscribes to one event with its payload's type from the contract; returns the unsubscribe. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    const each = (n: EventName, payload: unknown): void => {
      if (n === name) listener(payload as EventPayload<K>);
    };
    this.emitter.on('event', each);
    return () => this.emitter.off('event', each);
  }

  /** Subscribes to every event (what the transports forward); returns the unsubscribe. */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
