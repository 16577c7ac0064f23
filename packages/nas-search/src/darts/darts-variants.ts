// The variants of a DARTS search by name, in a module without TensorFlow.js, so that the command
// line can offer them before loading it.

/** 'first': alpha's gradient at the current weights; 'second': through one unrolled weight step (DARTS's). */
export const DARTS_ORDERS = ['first', 'second'] as const;
export type DartsOrder = (typeof DARTS_ORDERS)[number];

/** How the discrete cell is read off the searched supernet. */
export const DARTS_DERIVATIONS = ['argmax', 'perturbation'] as const;
export type DartsDerivation = (typeof DARTS_DERIVATIONS)[number];
