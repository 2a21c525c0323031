// Subject: the same DOM log, but a write that would overflow clears it first
// (replaceChildren), instead of removing the oldest lines one by one.
import { createDomLog } from './dom-log.js';

export const id = 'dom-log-clear';
export const label = 'DOM log (clear on overflow)';
export const maxCapacity = 100_000;

export function create(capacity, host) {
  return createDomLog(capacity, host, 'replace');
}
