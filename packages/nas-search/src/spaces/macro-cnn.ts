// The homework's macro search space for CNNs: the input resolution, then 1..N convolution layers
// (filters and kernel size each), then 0..M hidden dense layers. Canonical string:
// `input=24|conv=32x3,64x5|dense=128` (filters x kernel; `dense=` empty for no hidden layer).
import { quoteValue, type Rng } from '@hw7/tensor-utils/base';
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

function resolveOptions(options: MacroSpaceOptions): Required<MacroSpaceOptions> {
  const resolved: Required<MacroSpaceOptions> = {
    inputSizes: options.inputSizes ?? [16, 20, 24, 28, 32],
    convLayers: options.convLayers ?? [1, 4],
    filters: options.filters ?? [8, 16, 32, 64],
    kernelSizes: options.kernelSizes ?? [3, 5],
    denseLayers: options.denseLayers ?? [0, 2],
    denseUnits: options.denseUnits ?? [32, 64, 128],
  };
  for (const name of ['inputSizes', 'filters', 'kernelSizes', 'denseUnits'] as const)
    assertChoices(resolved[name], name);
  assertRange(resolved.convLayers, 'convLayers', 1);
  assertRange(resolved.denseLayers, 'denseLayers', 0);
  return resolved;
}

const strings = (values: number[]) => values.map(String);

/**
 * The fixed decision list of controllers: slots beyond the chosen depth are sampled but ignored (as
 * in Zoph & Le's controller for a given maximum depth).
 */
function macroDecisions({
  inputSizes,
  convLayers,
  filters,
  kernelSizes,
  denseLayers,
  denseUnits,
}: Required<MacroSpaceOptions>): Decision[] {
  const decisions: Decision[] = [
    { name: 'input size', choices: strings(inputSizes) },
    { name: 'conv layers', choices: count(convLayers[0], convLayers[1]) },
  ];
  for (let i = 0; i < convLayers[1]; i++) {
    decisions.push({ name: `conv ${i} filters`, choices: strings(filters) });
    decisions.push({ name: `conv ${i} kernel`, choices: strings(kernelSizes) });
  }
  decisions.push({ name: 'dense layers', choices: count(denseLayers[0], denseLayers[1]) });
  for (let i = 0; i < denseLayers[1]; i++) decisions.push({ name: `dense ${i} units`, choices: strings(denseUnits) });
  return decisions;
}

const copy = (a: MacroArchitecture): MacroArchitecture => ({
  inputSize: a.inputSize,
  convLayers: a.convLayers.map((layer) => ({ ...layer })),
  denseUnits: [...a.denseUnits],
});

const other = <T>(values: readonly T[], current: T, rng: Rng): T => {
  const rest = values.filter((value) => value !== current);
  return rest.length > 0 ? rng.choice(rest) : current;
};

/** MetaQNN's view: the input size, then conv layers until 'flatten', then dense layers until 'end'; the state is (depth, last layer). */
function macroProcess(space: MacroSpace): ArchitectureProcess<MacroArchitecture> {
  const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = space.options;
  const convActions = filters.flatMap((f) => kernelSizes.map((k) => `conv${f}x${k}`));
  const denseActions = denseUnits.map((units) => `dense${units}`);
  return {
    actions(path) {
      if (path.length === 0) return inputSizes.map((size) => `input${size}`);
      const flattened = path.indexOf('flatten');
      if (flattened < 0) {
        const depth = path.length - 1;
        if (depth < convLayers[0]) return convActions;
        return depth < convLayers[1] ? [...convActions, 'flatten'] : ['flatten'];
      }
      if (path.at(-1) === 'end') return [];
      const dense = path.length - flattened - 1;
      if (dense < denseLayers[0]) return denseActions;
      return dense < denseLayers[1] ? [...denseActions, 'end'] : ['end'];
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
      return space.validate({
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
}

class MacroSpace implements MacroSearchSpace {
  readonly name = 'macro-cnn';
  readonly options: Required<MacroSpaceOptions>;
  readonly decisions: Decision[];
  readonly process: ArchitectureProcess<MacroArchitecture>;
  /** Input size, then (filters, kernel) per conv slot, then units per dense slot; 0 = absent layer. */
  readonly encodingLength: number;

  constructor(options: MacroSpaceOptions) {
    this.options = resolveOptions(options);
    this.decisions = macroDecisions(this.options);
    this.process = macroProcess(this);
    this.encodingLength = 1 + 2 * this.options.convLayers[1] + this.options.denseLayers[1];
  }

  validate(architecture: MacroArchitecture): MacroArchitecture {
    const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = this.options;
    const problem = (what: string) => new Error(`macro architecture: ${what}; got ${JSON.stringify(architecture)}`);
    if (!inputSizes.includes(architecture.inputSize)) throw problem(`inputSize must be one of ${inputSizes}`);
    const depth = architecture.convLayers.length;
    if (depth < convLayers[0] || depth > convLayers[1])
      throw problem(`needs ${convLayers[0]} to ${convLayers[1]} conv layers`);
    for (const layer of architecture.convLayers) {
      if (!filters.includes(layer.filters)) throw problem(`conv filters must be one of ${filters}`);
      if (!kernelSizes.includes(layer.kernelSize)) throw problem(`conv kernel sizes must be one of ${kernelSizes}`);
    }
    const dense = architecture.denseUnits.length;
    if (dense < denseLayers[0] || dense > denseLayers[1])
      throw problem(`needs ${denseLayers[0]} to ${denseLayers[1]} dense layers`);
    if (architecture.denseUnits.some((units) => !denseUnits.includes(units))) {
      throw problem(`dense units must be one of ${denseUnits}`);
    }
    return architecture;
  }

  toTokens(a: MacroArchitecture): number[] {
    const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = this.options;
    const tokens = [inputSizes.indexOf(a.inputSize), a.convLayers.length - convLayers[0]];
    for (let i = 0; i < convLayers[1]; i++) {
      const layer = a.convLayers[i];
      tokens.push(layer ? filters.indexOf(layer.filters) : 0, layer ? kernelSizes.indexOf(layer.kernelSize) : 0);
    }
    tokens.push(a.denseUnits.length - denseLayers[0]);
    for (let i = 0; i < denseLayers[1]; i++)
      tokens.push(i < a.denseUnits.length ? denseUnits.indexOf(a.denseUnits[i]) : 0);
    return tokens;
  }

  fromTokens(tokens: readonly number[]): MacroArchitecture {
    const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = this.options;
    assertTokens(this.decisions, tokens, 'macro space');
    const depth = convLayers[0] + tokens[1];
    const denseAt = 2 + 2 * convLayers[1];
    return {
      inputSize: inputSizes[tokens[0]],
      convLayers: Array.from({ length: depth }, (_, i) => ({
        filters: filters[tokens[2 + 2 * i]],
        kernelSize: kernelSizes[tokens[3 + 2 * i]],
      })),
      denseUnits: Array.from(
        { length: denseLayers[0] + tokens[denseAt] },
        (_, i) => denseUnits[tokens[denseAt + 1 + i]],
      ),
    };
  }

  sample(rng: Rng): MacroArchitecture {
    return this.fromTokens(this.decisions.map((decision) => rng.int(0, decision.choices.length - 1)));
  }

  /** Every structural or parametric change that applies to `a`, as thunks mutating a copy. */
  private mutations(a: MacroArchitecture, rng: Rng): ((b: MacroArchitecture) => void)[] {
    const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = this.options;
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
    const randomConv = (): ConvLayerSpec => ({ filters: rng.choice(filters), kernelSize: rng.choice(kernelSizes) });
    if (a.convLayers.length < convLayers[1]) {
      list.push((b) => b.convLayers.splice(rng.int(0, b.convLayers.length), 0, randomConv()));
    }
    if (a.convLayers.length > convLayers[0])
      list.push((b) => b.convLayers.splice(rng.int(0, b.convLayers.length - 1), 1));
    if (a.denseUnits.length > 0 && denseUnits.length > 1) {
      list.push((b) => {
        const i = rng.int(0, b.denseUnits.length - 1);
        b.denseUnits[i] = other(denseUnits, b.denseUnits[i], rng);
      });
    }
    if (a.denseUnits.length < denseLayers[1]) {
      list.push((b) => b.denseUnits.splice(rng.int(0, b.denseUnits.length), 0, rng.choice(denseUnits)));
    }
    if (a.denseUnits.length > denseLayers[0])
      list.push((b) => b.denseUnits.splice(rng.int(0, b.denseUnits.length - 1), 1));
    return list;
  }

  mutate(a: MacroArchitecture, rng: Rng): MacroArchitecture {
    const options = this.mutations(a, rng);
    if (options.length === 0) throw new Error('macro space: this space has a single architecture; nothing to mutate');
    const child = copy(a);
    rng.choice(options)(child);
    return child;
  }

  /**
   * Layer-wise uniform crossover: depth from one parent, each layer from either parent's layer at
   * the same position when it has one.
   */
  crossover(first: MacroArchitecture, second: MacroArchitecture, rng: Rng): MacroArchitecture {
    const pick = <T>(mine: T, theirs: T | undefined) => (theirs !== undefined && rng.next() < 0.5 ? theirs : mine);
    const [base, donor] = rng.next() < 0.5 ? [first, second] : [second, first];
    return {
      inputSize: pick(base.inputSize, donor.inputSize),
      convLayers: base.convLayers.map((layer, i) => ({ ...pick(layer, donor.convLayers[i]) })),
      denseUnits: base.denseUnits.map((units, i) => pick(units, donor.denseUnits[i])),
    };
  }

  encode(a: MacroArchitecture): number[] {
    const { inputSizes, convLayers, filters, kernelSizes, denseLayers, denseUnits } = this.options;
    const vector = [a.inputSize / Math.max(...inputSizes)];
    for (let i = 0; i < convLayers[1]; i++) {
      const layer = a.convLayers[i];
      vector.push(
        layer ? layer.filters / Math.max(...filters) : 0,
        layer ? layer.kernelSize / Math.max(...kernelSizes) : 0,
      );
    }
    for (let i = 0; i < denseLayers[1]; i++) {
      vector.push(i < a.denseUnits.length ? a.denseUnits[i] / Math.max(...denseUnits) : 0);
    }
    return vector;
  }

  format(a: MacroArchitecture): string {
    this.validate(a);
    const conv = a.convLayers.map((layer) => `${layer.filters}x${layer.kernelSize}`).join(',');
    return `input=${a.inputSize}|conv=${conv}|dense=${a.denseUnits.join(',')}`;
  }

  parse(text: string): MacroArchitecture {
    const match = /^input=(\d+)\|conv=(\d+x\d+(?:,\d+x\d+)*)\|dense=((?:\d+(?:,\d+)*)?)$/u.exec(text.trim());
    if (!match) {
      throw new Error(
        `macro architecture string must look like "input=24|conv=32x3,64x5|dense=128"; got ${quoteValue(text)}`,
      );
    }
    return this.validate({
      inputSize: Number(match[1]),
      convLayers: match[2].split(',').map((layer) => {
        const [f, k] = layer.split('x').map(Number);
        return { filters: f, kernelSize: k };
      }),
      denseUnits: match[3] === '' ? [] : match[3].split(',').map(Number),
    });
  }
}

export function createMacroSpace(options: MacroSpaceOptions = {}): MacroSearchSpace {
  return new MacroSpace(options);
}
