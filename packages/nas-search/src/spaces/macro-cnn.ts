// The homework's macro search space for CNNs: the input resolution, then 1..N convolution layers
// (filters and kernel size each), then 0..M hidden dense layers. Canonical string:
// `input=24|conv=32x3,64x5|dense=128` (filters x kernel; `dense=` empty for no hidden layer).
import type { Rng } from '@hw7/tensor-utils';
import { type ArchitectureProcess, assertTokens, type Decision, type SearchSpace } from './search-space.js';

export interface ConvLayerSpec {
  filters: number;
  kernelSize: number;
}

export interface MacroArchitecture {
  /** Images are resized to inputSize x inputSize before the first convolution. */
  inputSize: number;
  convLayers: ConvLayerSpec[];
  /** Units of each hidden dense layer (the softmax output layer is not listed). */
  denseUnits: number[];
}

export interface MacroSpaceOptions {
  /** Default [16, 20, 24, 28, 32]. */
  inputSizes?: number[];
  /** Default [1, 4]. */
  convLayers?: [number, number];
  /** Default [8, 16, 32, 64]. */
  filters?: number[];
  /** Default [3, 5]. */
  kernelSizes?: number[];
  /** Default [0, 2]. */
  denseLayers?: [number, number];
  /** Default [32, 64, 128]. */
  denseUnits?: number[];
}

/** The macro space with its resolved options (all the choices it can make). */
export interface MacroSearchSpace extends SearchSpace<MacroArchitecture> {
  readonly options: Required<MacroSpaceOptions>;
}

function assertChoices(values: number[], name: string): void {
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new RangeError(`macro space: ${name} must be a non-empty list of positive integers; got [${values}]`);
  }
}

function assertRange([low, high]: [number, number], name: string, min: number): void {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < min || high < low) {
    throw new RangeError(
      `macro space: ${name} must be [low, high] with integers ${min} <= low <= high; got [${low}, ${high}]`,
    );
  }
}

const count = (low: number, high: number) => Array.from({ length: high - low + 1 }, (_, i) => String(low + i));

export function createMacroSpace(options: MacroSpaceOptions = {}): MacroSearchSpace {
  const resolved: Required<MacroSpaceOptions> = {
    inputSizes: options.inputSizes ?? [16, 20, 24, 28, 32],
    convLayers: options.convLayers ?? [1, 4],
    filters: options.filters ?? [8, 16, 32, 64],
    kernelSizes: options.kernelSizes ?? [3, 5],
    denseLayers: options.denseLayers ?? [0, 2],
    denseUnits: options.denseUnits ?? [32, 64, 128],
  };
  const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = resolved;
  for (const [values, name] of [
    [inputSizes, 'inputSizes'],
    [filters, 'filters'],
    [kernelSizes, 'kernelSizes'],
    [denseUnits, 'denseUnits'],
  ] as const) {
    assertChoices(values, name);
  }
  assertRange(convLayers, 'convLayers', 1);
  assertRange(denseLayers, 'denseLayers', 0);
  const [minConv, maxConv] = convLayers;
  const [minDense, maxDense] = denseLayers;
  const strings = (values: number[]) => values.map(String);

  // Fixed decision list: slots beyond the chosen depth are sampled but ignored (as in Zoph & Le's
  // controller for a given maximum depth).
  const decisions: Decision[] = [
    { name: 'input size', choices: strings(inputSizes) },
    { name: 'conv layers', choices: count(minConv, maxConv) },
  ];
  for (let i = 0; i < maxConv; i++) {
    decisions.push({ name: `conv ${i} filters`, choices: strings(filters) });
    decisions.push({ name: `conv ${i} kernel`, choices: strings(kernelSizes) });
  }
  decisions.push({ name: 'dense layers', choices: count(minDense, maxDense) });
  for (let i = 0; i < maxDense; i++) decisions.push({ name: `dense ${i} units`, choices: strings(denseUnits) });

  function validate(architecture: MacroArchitecture): MacroArchitecture {
    const problem = (what: string) => new Error(`macro architecture: ${what}; got ${JSON.stringify(architecture)}`);
    if (!inputSizes.includes(architecture.inputSize)) throw problem(`inputSize must be one of ${inputSizes}`);
    const depth = architecture.convLayers.length;
    if (depth < minConv || depth > maxConv) throw problem(`needs ${minConv} to ${maxConv} conv layers`);
    for (const layer of architecture.convLayers) {
      if (!filters.includes(layer.filters)) throw problem(`conv filters must be one of ${filters}`);
      if (!kernelSizes.includes(layer.kernelSize)) throw problem(`conv kernel sizes must be one of ${kernelSizes}`);
    }
    const dense = architecture.denseUnits.length;
    if (dense < minDense || dense > maxDense) throw problem(`needs ${minDense} to ${maxDense} dense layers`);
    if (architecture.denseUnits.some((units) => !denseUnits.includes(units))) {
      throw problem(`dense units must be one of ${denseUnits}`);
    }
    return architecture;
  }

  const copy = (a: MacroArchitecture): MacroArchitecture => ({
    inputSize: a.inputSize,
    convLayers: a.convLayers.map((layer) => ({ ...layer })),
    denseUnits: [...a.denseUnits],
  });

  function toTokens(a: MacroArchitecture): number[] {
    const tokens = [inputSizes.indexOf(a.inputSize), a.convLayers.length - minConv];
    for (let i = 0; i < maxConv; i++) {
      const layer = a.convLayers[i];
      tokens.push(layer ? filters.indexOf(layer.filters) : 0, layer ? kernelSizes.indexOf(layer.kernelSize) : 0);
    }
    tokens.push(a.denseUnits.length - minDense);
    for (let i = 0; i < maxDense; i++) tokens.push(i < a.denseUnits.length ? denseUnits.indexOf(a.denseUnits[i]) : 0);
    return tokens;
  }

  function fromTokens(tokens: readonly number[]): MacroArchitecture {
    assertTokens(decisions, tokens, 'macro space');
    const depth = minConv + tokens[1];
    const denseAt = 2 + 2 * maxConv;
    return {
      inputSize: inputSizes[tokens[0]],
      convLayers: Array.from({ length: depth }, (_, i) => ({
        filters: filters[tokens[2 + 2 * i]],
        kernelSize: kernelSizes[tokens[3 + 2 * i]],
      })),
      denseUnits: Array.from({ length: minDense + tokens[denseAt] }, (_, i) => denseUnits[tokens[denseAt + 1 + i]]),
    };
  }

  const randomConv = (rng: Rng): ConvLayerSpec => ({
    filters: rng.choice(filters),
    kernelSize: rng.choice(kernelSizes),
  });
  const other = <T>(values: readonly T[], current: T, rng: Rng): T => {
    const rest = values.filter((value) => value !== current);
    return rest.length > 0 ? rng.choice(rest) : current;
  };

  /** Every structural or parametric change that applies to `a`, as thunks mutating a copy. */
  function mutations(a: MacroArchitecture, rng: Rng): ((b: MacroArchitecture) => void)[] {
    const list: ((b: MacroArchitecture) => void)[] = [];
    if (inputSizes.length > 1) list.push((b) => (b.inputSize = other(inputSizes, b.inputSize, rng)));
    if (filters.length > 1 || kernelSizes.length > 1) {
      list.push((b) => {
        const layer = b.convLayers[rng.int(0, b.convLayers.length - 1)];
        if (filters.length > 1 && (kernelSizes.length === 1 || rng.next() < 0.5)) {
          layer.filters = other(filters, layer.filters, rng);
        } else layer.kernelSize = other(kernelSizes, layer.kernelSize, rng);
      });
    }
    if (a.convLayers.length < maxConv) {
      list.push((b) => b.convLayers.splice(rng.int(0, b.convLayers.length), 0, randomConv(rng)));
    }
    if (a.convLayers.length > minConv) list.push((b) => b.convLayers.splice(rng.int(0, b.convLayers.length - 1), 1));
    if (a.denseUnits.length > 0 && denseUnits.length > 1) {
      list.push((b) => {
        const i = rng.int(0, b.denseUnits.length - 1);
        b.denseUnits[i] = other(denseUnits, b.denseUnits[i], rng);
      });
    }
    if (a.denseUnits.length < maxDense) {
      list.push((b) => b.denseUnits.splice(rng.int(0, b.denseUnits.length), 0, rng.choice(denseUnits)));
    }
    if (a.denseUnits.length > minDense) list.push((b) => b.denseUnits.splice(rng.int(0, b.denseUnits.length - 1), 1));
    return list;
  }

  // MetaQNN's view: choose the input size, then conv layers until 'flatten', then dense layers
  // until 'end'; the state is (depth, last layer).
  const convActions = filters.flatMap((f) => kernelSizes.map((k) => `conv${f}x${k}`));
  const denseActions = denseUnits.map((units) => `dense${units}`);
  const process: ArchitectureProcess<MacroArchitecture> = {
    actions(path) {
      if (path.length === 0) return inputSizes.map((size) => `input${size}`);
      const flattened = path.indexOf('flatten');
      if (flattened < 0) {
        const depth = path.length - 1;
        if (depth < minConv) return convActions;
        return depth < maxConv ? [...convActions, 'flatten'] : ['flatten'];
      }
      if (path.at(-1) === 'end') return [];
      const dense = path.length - flattened - 1;
      if (dense < minDense) return denseActions;
      return dense < maxDense ? [...denseActions, 'end'] : ['end'];
    },
    state: (path) => `${path.length}:${path.at(-1) ?? 'start'}`,
    build(path) {
      const parse = (pattern: RegExp, action: string) => {
        const match = pattern.exec(action);
        if (!match) throw new Error(`macro process: unexpected action "${action}" in [${path.join(', ')}]`);
        return match.slice(1).map(Number);
      };
      const flattened = path.indexOf('flatten');
      const [inputSize] = parse(/^input(\d+)$/u, path[0] ?? '');
      return validate({
        inputSize,
        convLayers: path.slice(1, flattened).map((action) => {
          const [f, k] = parse(/^conv(\d+)x(\d+)$/u, action);
          return { filters: f, kernelSize: k };
        }),
        denseUnits: path
          .slice(flattened + 1)
          .filter((action) => action !== 'end')
          .map((action) => parse(/^dense(\d+)$/u, action)[0]),
      });
    },
  };

  const maxFilters = Math.max(...filters);
  const maxKernel = Math.max(...kernelSizes);
  const maxUnits = Math.max(...denseUnits);

  return {
    name: 'macro-cnn',
    options: resolved,
    decisions,
    process,
    // input size, then (filters, kernel) per conv slot, then units per dense slot; 0 = absent layer.
    encodingLength: 1 + 2 * maxConv + maxDense,
    sample: (rng) => fromTokens(decisions.map((decision) => rng.int(0, decision.choices.length - 1))),
    mutate(a, rng) {
      const options = mutations(a, rng);
      if (options.length === 0) throw new Error('macro space: this space has a single architecture; nothing to mutate');
      const child = copy(a);
      rng.choice(options)(child);
      return child;
    },
    crossover(first, second, rng) {
      // Layer-wise uniform crossover: depth from one parent, each layer from either parent's layer
      // at the same position when it has one.
      const pick = <T>(mine: T, theirs: T | undefined) => (theirs !== undefined && rng.next() < 0.5 ? theirs : mine);
      const [base, donor] = rng.next() < 0.5 ? [first, second] : [second, first];
      return {
        inputSize: pick(base.inputSize, donor.inputSize),
        convLayers: base.convLayers.map((layer, i) => ({ ...pick(layer, donor.convLayers[i]) })),
        denseUnits: base.denseUnits.map((units, i) => pick(units, donor.denseUnits[i])),
      };
    },
    toTokens,
    fromTokens,
    encode(a) {
      const vector = [a.inputSize / Math.max(...inputSizes)];
      for (let i = 0; i < maxConv; i++) {
        const layer = a.convLayers[i];
        vector.push(layer ? layer.filters / maxFilters : 0, layer ? layer.kernelSize / maxKernel : 0);
      }
      for (let i = 0; i < maxDense; i++) vector.push(i < a.denseUnits.length ? a.denseUnits[i] / maxUnits : 0);
      return vector;
    },
    format: (a) => {
      validate(a);
      const conv = a.convLayers.map((layer) => `${layer.filters}x${layer.kernelSize}`).join(',');
      return `input=${a.inputSize}|conv=${conv}|dense=${a.denseUnits.join(',')}`;
    },
    parse(text) {
      const match = /^input=(\d+)\|conv=(\d+x\d+(?:,\d+x\d+)*)\|dense=((?:\d+(?:,\d+)*)?)$/u.exec(text.trim());
      if (!match) {
        throw new Error(`macro architecture string must look like "input=24|conv=32x3,64x5|dense=128"; got "${text}"`);
      }
      return validate({
        inputSize: Number(match[1]),
        convLayers: match[2].split(',').map((layer) => {
          const [f, k] = layer.split('x').map(Number);
          return { filters: f, kernelSize: k };
        }),
        denseUnits: match[3] === '' ? [] : match[3].split(',').map(Number),
      });
    },
  };
}
