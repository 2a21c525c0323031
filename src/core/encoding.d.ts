// The core has no DOM lib, yet runs where the WHATWG Encoding API exists: every
// browser and Node.js. Only the part the core uses is declared.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

// The High Resolution Time clock, also in every browser, worker and Node.js (a global since Node 16).
declare const performance: { now(): number };
