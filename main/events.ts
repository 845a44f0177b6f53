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

  /** Subscribes to every event; returns the unsubscribe. */
  onAny(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
