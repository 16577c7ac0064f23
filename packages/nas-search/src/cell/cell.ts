// A NAS-Bench-201 cell: node j is the sum of its incoming edges op(node i), i < j; the cell outputs
// node 3. Each edge owns a module for every operation it may run (one for a discrete cell, all five
// in a supernet), so weight sharing is simply calling the same module again.
import { type Rng, tf } from '@hw7/tensor-utils';
import { NB201_EDGES, type Nb201Operation } from '../spaces/nb201-cell.js';
import type { EdgeMixture } from './edge-mixture.js';
import { createOperationModule, type OperationModule } from './operation-module.js';

/** Nodes of a cell, the input node 0 included. */
const NODE_COUNT = 4;

/** The sum of `terms`, or zeros shaped like `like` when every term was 'none'. */
function sumOrZeros(terms: tf.Tensor4D[], like: tf.Tensor4D): tf.Tensor4D {
  return terms.length === 0 ? tf.zerosLike(like) : terms.length === 1 ? terms[0] : tf.addN(terms);
}

export class Cell {
  private readonly edgeModules: ReadonlyArray<ReadonlyMap<Nb201Operation, OperationModule>>;

  /** `edgeOperations[e]`: the operations edge e can run. */
  constructor(edgeOperations: ReadonlyArray<readonly Nb201Operation[]>, channels: number, rng: Rng) {
    if (edgeOperations.length !== NB201_EDGES.length) {
      throw new RangeError(
        `edgeOperations must list operations for ${NB201_EDGES.length} edges; got ${edgeOperations.length}`,
      );
    }
    this.edgeModules = edgeOperations.map(
      (operations) =>
        new Map(operations.map((operation) => [operation, createOperationModule(operation, channels, rng)])),
    );
  }

  get variables(): tf.Variable[] {
    return this.edgeModules.flatMap((modules) => [...modules.values()].flatMap((module) => module.variables));
  }

  apply(input: tf.Tensor4D, mixture: EdgeMixture): tf.Tensor4D {
    if (mixture.length !== NB201_EDGES.length) {
      throw new RangeError(`mixture must have ${NB201_EDGES.length} edges; got ${mixture.length}`);
    }
    return tf.tidy(() => {
      const nodes: tf.Tensor4D[] = [input];
      for (let target = 1; target < NODE_COUNT; target++) {
        const terms: tf.Tensor4D[] = [];
        NB201_EDGES.forEach(([to, from], index) => {
          if (to === target) terms.push(...this.edgeTerms(index, nodes[from], mixture[index]));
        });
        nodes.push(sumOrZeros(terms, input));
      }
      return nodes[NODE_COUNT - 1];
    });
  }

  /** What edge `edgeIndex` computes from `source`: the weighted sum of its operations. */
  applyEdge(edgeIndex: number, source: tf.Tensor4D, weighted: EdgeMixture[number]): tf.Tensor4D {
    return tf.tidy(() => sumOrZeros(this.edgeTerms(edgeIndex, source, weighted), source));
  }

  /** The non-zero terms of one edge; 'none' adds exactly zero, so it is skipped, even when weighted. */
  private edgeTerms(edgeIndex: number, source: tf.Tensor4D, weighted: EdgeMixture[number]): tf.Tensor4D[] {
    return weighted
      .filter(({ operation }) => operation !== 'none')
      .map(({ operation, weight }) => {
        const module = this.edgeModules[edgeIndex].get(operation);
        if (!module)
          throw new RangeError(`edge ${edgeIndex} has no '${operation}' module; this cell was built without it`);
        const output = module.apply(source);
        return weight === undefined ? output : tf.mul(output, weight);
      });
  }
}
