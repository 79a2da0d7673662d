import type { DomainEvent } from './catalog';

/** The port through which events leave for the bus. */
export interface EventPublisher {
  /** Publishes the events; returns the indexes of those the bus did not accept. */
  publish(events: readonly DomainEvent[]): Promise<number[]>;
}
