import type { Actor } from '../domain/types.js';

/** Who acts and when: every use case takes it from its door (`--now`, a token, BATON_ROLE). */
export interface Acting {
  now: number;
  actor: Actor;
}
