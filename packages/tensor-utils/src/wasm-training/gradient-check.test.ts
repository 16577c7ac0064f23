// Gradient checks for the wasm training kernels in this folder. Every case runs twice from the same
// seeded inputs: on the cpu backend (the reference) and on wasm with our kernels registered, then the
// outputs, the gradients and the inputs (read back last, to catch a kernel writing out of bounds into
// its neighbours on the heap) are compared element by element. Each run must also give back every
// tensor and every backend data id it created.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import * as tf from '../tf.js';
import { AdamW } from '../training/adamw.js';
import { WASM_TRAINING_KERNELS } from './register.js';
import { maxError, TOLERANCE } from './relative-error.js';

type Backend = 'cpu' | 'wasm';
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Strides = number | [number, number];

/** Seeded N(0, 1) values, identical on every backend. Seed 0 would mean "unseeded" to tfjs. */
function normal(shape: number[], seed: number): tf.Tensor {
  if (!(seed > 0)) throw new Error(`seeds must be positive (tfjs ignores seed 0); got ${seed}`);
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}
const as4d = (t: tf.Tensor): tf.Tensor4D => t as tf.Tensor4D;

interface Output {
  shape: number[];
  values: ArrayLike<number>;
}

/** Kernels our checks dispatched on wasm, and the worst error seen per group of checks. */
const exercised = new Set<string>();
const worst = new Map<string, number>();

/** Runs `compute` on one backend, reads its results, and proves that nothing was left allocated. */
async function run(backend: Backend, compute: () => tf.Tensor[]): Promise<Output[]> {
  await tf.setBackend(backend);
  const engineBackend = tf.backend();
  const tensorsBefore = tf.memory().numTensors;
  const dataIdsBefore = engineBackend.numDataIds();
  const tensors = tf.tidy(compute);
  const outputs = tensors.map((t) => ({ shape: t.shape, values: t.dataSync() }));
  tf.dispose(tensors);
  expect(tf.memory().numTensors, `${backend}: tensors leaked`).toBe(tensorsBefore);
  expect(engineBackend.numDataIds(), `${backend}: backend data leaked`).toBe(dataIdsBefore);
  return outputs;
}

/** Computes on cpu then on wasm and asserts every output matches within TOLERANCE. */
async function check(group: string, compute: () => tf.Tensor[]): Promise<void> {
  const want = await run('cpu', compute);
  const got = await run('wasm', compute);
  expect(got.map((o) => o.shape)).toEqual(want.map((o) => o.shape));
  got.forEach((output, i) => {
    const error = maxError(output.values, want[i].values);
    worst.set(group, Math.max(worst.get(group) ?? 0, error));
    expect(error, `${group}: output ${i} (shape [${output.shape}])`).toBeLessThanOrEqual(TOLERANCE);
  });
  // Once more under the profiler, only to record which kernels ran. (Not the checked run: while
  // profiling, a kernel that throws turns into an unhandled rejection instead of an exception.)
  const profile = await tf.profile(() => tf.dispose(tf.tidy(compute)));
  for (const name of profile.kernelNames) exercised.add(name);
}

/**
 * Forward value, gradients of every argument for a seeded random upstream gradient, then the
 * arguments themselves (read last: a kernel that corrupts its inputs shows up as a mismatch).
 */
function withGradients(f: (...args: tf.Tensor[]) => tf.Tensor, shapes: number[][], seed: number): () => tf.Tensor[] {
  return () => {
    const args = shapes.map((shape, i) => normal(shape, seed + i));
    const y = f(...args);
    const dy = normal(y.shape, seed + 100);
    return [y, ...tf.grads(f)(args, dy), ...args];
  };
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

afterAll(() => {
  if (!process.env.HW7_GRADCHECK_REPORT) return;
  for (const [group, error] of [...worst].sort())
    console.log(`${group.padEnd(40)} max error ${error.toExponential(2)}`);
});

describe('error metric', () => {
  it('is absolute near zero, relative for large values, and infinite on a NaN or Infinity mismatch', () => {
    expect(maxError([1e-5], [0])).toBeCloseTo(1e-5, 12);
    expect(maxError([1001], [1000])).toBeCloseTo(1e-3, 12);
    expect(maxError([Number.NaN], [1])).toBe(Number.POSITIVE_INFINITY);
    expect(maxError([Number.POSITIVE_INFINITY], [1])).toBe(Number.POSITIVE_INFINITY);
    expect(maxError([Number.NaN, Number.NEGATIVE_INFINITY], [Number.NaN, Number.NEGATIVE_INFINITY])).toBe(0);
  });
});

interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: Strides;
  pad: Pad;
  why: string;
}

const CONV_CASES: ConvCase[] = [
  { x: [1, 7, 9, 1], f: [3, 3, 1, 4], strides: 1, pad: 'valid', why: 'single input channel, odd image' },
  { x: [5, 7, 9, 3], f: [3, 3, 3, 2], strides: 2, pad: 'same', why: 'batch 5, stride 2' },
  { x: [1, 13, 13, 3], f: [5, 5, 3, 4], strides: 3, pad: 'valid', why: 'stride 3, kernel 5' },
  { x: [2, 13, 13, 11], f: [4, 4, 11, 3], strides: 2, pad: 'same', why: 'even kernel: asymmetric same padding' },
  { x: [5, 8, 8, 3], f: [1, 1, 3, 6], strides: 1, pad: 'valid', why: '1x1 kernel' },
  { x: [2, 7, 9, 3], f: [2, 3, 3, 4], strides: [1, 2], pad: 'same', why: 'non-square kernel, unequal strides' },
  // Numeric padding only with a square kernel and equal strides: tfjs-core's computeConv2DInfo sizes
  // the output width from filterHeight and strideHeight when pad is a number, so other shapes are
  // wrong on every backend (and wasm's own forward Conv2D then writes past its output buffer).
  { x: [2, 9, 7, 11], f: [3, 3, 11, 2], strides: 2, pad: 1, why: 'numeric padding, 11 channels' },
  {
    x: [1, 7, 9, 3],
    f: [3, 4, 3, 2],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 3],
      [0, 0],
    ],
    why: 'explicit padding',
  },
  { x: [2, 13, 13, 3], f: [4, 4, 3, 2], strides: 3, pad: 'same', why: 'stride 3 with same padding' },
  { x: [1, 7, 9, 2], f: [1, 2, 2, 3], strides: 3, pad: 'valid', why: 'stride > kernel: unread pixels get 0' },
  { x: [2, 3, 3, 3], f: [5, 5, 3, 2], strides: 1, pad: 'same', why: 'kernel larger than the image' },
  { x: [5, 13, 13, 1], f: [5, 5, 1, 11], strides: 2, pad: 'valid', why: 'batch 5, 1 channel in, 11 out' },
  { x: [3, 7, 7, 4], f: [7, 7, 4, 3], strides: 1, pad: 'valid', why: '1x1 output' },
  { x: [4, 28, 28, 11], f: [4, 4, 11, 64], strides: 2, pad: 'valid', why: 'cGAN discriminator input layer' },
  // The last row and column are never read (so dW cannot be one convolution), and patches of 576
  // values over 149 output columns: both GEMMs run in two cache-sized slices (3 rows, then 1).
  { x: [1, 10, 300, 64], f: [3, 3, 64, 2], strides: 2, pad: 'valid', why: 'dW and dx by GEMM in slices' },
  {
    x: [2, 5, 5, 2],
    f: [2, 2, 2, 3],
    strides: 1,
    pad: [
      [0, 0],
      [2, 0],
      [0, 2],
      [0, 0],
    ],
    why: 'stride 1, padding wider than the kernel: dx by GEMM, not by the flipped convolution',
  },
];

const describeConv = (c: { x: number[]; f: number[]; strides: Strides; pad: Pad }): string =>
  `x[${c.x}] f[${c.f}] strides ${JSON.stringify(c.strides)} pad ${JSON.stringify(c.pad)}`;

describe('conv2d gradients (Conv2DBackpropInput, Conv2DBackpropFilter)', () => {
  CONV_CASES.forEach((c, i) => {
    it(`dx and dW match cpu: ${describeConv(c)} (${c.why})`, async () => {
      const conv = (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(as4d(x), as4d(w), c.strides, c.pad);
      await check('Conv2D backprop (tf.grads)', withGradients(conv, [c.x, c.f], 1000 + 10 * i));
    });
  });

  it('dx alone via tf.grad and dW alone via tf.variableGrads match cpu', async () => {
    await check('Conv2D backprop (tf.grad/variableGrads)', () => {
      const x = normal([2, 9, 7, 3], 1);
      const w = tf.variable(normal([3, 3, 3, 5], 2));
      const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.square(tf.conv2d(as4d(input), as4d(w), 2, 'same'))))(x);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(as4d(x), as4d(w), 2, 'same'))), [w]);
      const dw = grads[w.name];
      w.dispose();
      return [dx, value, dw];
    });
  });

  it('forward conv2d with dilations 2 and [2, 1] matches cpu', async () => {
    await check('Conv2D forward (dilated)', () => [
      tf.conv2d(as4d(normal([2, 9, 7, 3], 1)), as4d(normal([3, 3, 3, 4], 2)), 1, 'same', 'NHWC', 2),
      tf.conv2d(as4d(normal([1, 13, 13, 2], 3)), as4d(normal([3, 2, 2, 3], 4)), 1, 'valid', 'NHWC', [2, 1]),
    ]);
  });

  it('gradients of a dilated conv2d are refused by tfjs on both backends (so no dilated backprop exists)', async () => {
    // tfjs-core's Conv2D gradient asserts dilations of 1 before calling either backprop kernel, and the
    // backprop kernels take no dilations attribute: dilated backprop is unreachable, on every backend.
    // (tfjs-core itself leaks the forward tensors when a gradient throws, on cpu too: no memory check.)
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const conv = (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(as4d(x), as4d(w), 1, 'same', 'NHWC', 2);
      expect(() => tf.tidy(() => tf.grads(conv)([normal([1, 7, 7, 2], 1), normal([3, 3, 2, 2], 2)]))).toThrow(
        /dilation rates greater than 1 are not yet supported in gradients/,
      );
    }
  });
});

interface TransposeCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  out: [number, number, number, number];
  strides: Strides;
  pad: Pad;
}

// The cGAN generator path 1 -> 3 -> 6 -> 13 -> 28 (valid padding, fewer channels), then same padding.
const TRANSPOSE_CASES: TransposeCase[] = [
  { x: [2, 1, 1, 74], f: [3, 3, 16, 74], out: [2, 3, 3, 16], strides: 2, pad: 'valid' },
  { x: [2, 3, 3, 16], f: [4, 4, 8, 16], out: [2, 6, 6, 8], strides: 1, pad: 'valid' },
  { x: [2, 6, 6, 8], f: [3, 3, 4, 8], out: [2, 13, 13, 4], strides: 2, pad: 'valid' },
  { x: [2, 13, 13, 4], f: [4, 4, 1, 4], out: [2, 28, 28, 1], strides: 2, pad: 'valid' },
  { x: [2, 7, 7, 4], f: [5, 5, 3, 4], out: [2, 14, 14, 3], strides: 2, pad: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 2, 3], out: [2, 13, 13, 2], strides: 2, pad: 'same' },
  { x: [1, 4, 5, 3], f: [2, 3, 5, 3], out: [1, 8, 5, 5], strides: [2, 1], pad: 'same' },
  { x: [2, 5, 5, 3], f: [3, 3, 2, 3], out: [2, 5, 5, 2], strides: 1, pad: 'same' },
  { x: [1, 5, 5, 2], f: [3, 3, 2, 2], out: [1, 9, 9, 2], strides: 2, pad: 1 },
];

describe('conv2dTranspose (Conv2DBackpropInput forward; Conv2D and Conv2DBackpropFilter backward)', () => {
  TRANSPOSE_CASES.forEach((c, i) => {
    it(`forward, dx and dW match cpu: ${describeConv(c)} -> [${c.out}]`, async () => {
      const deconv = (x: tf.Tensor, w: tf.Tensor) => tf.conv2dTranspose(as4d(x), as4d(w), c.out, c.strides, c.pad);
      await check('conv2dTranspose (tf.grads)', withGradients(deconv, [c.x, c.f], 2000 + 10 * i));
    });
  });
});

describe('fused conv2d (what tf.layers.conv2d runs)', () => {
  const cases = [
    { x: [2, 7, 9, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' as const },
    { x: [4, 6, 6, 5], f: [4, 4, 5, 3], strides: 2, pad: 'valid' as const },
    { x: [1, 9, 9, 2], f: [2, 3, 2, 3], strides: [1, 2] as Strides, pad: 'same' as const },
  ];
  for (const activation of ['linear', 'relu'] as const) {
    cases.forEach((c, i) => {
      it(`${activation}: forward and gradients of x, filter and bias match cpu, ${describeConv(c)}`, async () => {
        // Under a gradient tape tfjs fuses only 'linear' (custom gradient through both backprop
        // kernels); 'relu' is unfused there, and fused in the plain forward pass checked first.
        const fused = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
          tf.fused.conv2d({ x: as4d(x), filter: as4d(w), strides: c.strides, pad: c.pad, bias: b, activation });
        await check(`FusedConv2D ${activation}`, () => [
          fused(normal(c.x, 1), normal(c.f, 2), normal([c.f[3]], 3)),
          ...withGradients(fused, [c.x, c.f, [c.f[3]]], 3000 + 10 * i)(),
        ]);
      });
    });
  }

  it('variableGrads of a layer-style fused conv (variables for filter and bias) match cpu', async () => {
    await check('FusedConv2D linear', () => {
      const x = normal([3, 8, 8, 3], 1);
      const w = tf.variable(normal([3, 3, 3, 4], 2));
      const b = tf.variable(normal([4], 3));
      const { value, grads } = tf.variableGrads(
        () => tf.mean(tf.square(tf.fused.conv2d({ x: as4d(x), filter: as4d(w), bias: b, strides: 1, pad: 'same' }))),
        [w, b],
      );
      const result = [value, grads[w.name], grads[b.name]];
      tf.dispose([w, b]);
      return result;
    });
  });
});

describe('matMul (BatchMatMul, _FusedMatMul with transposes)', () => {
  const transposes = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;
  // [batch dims of a, batch dims of b, m, k, n]
  const layouts: [number[], number[], number, number, number][] = [
    [[], [], 7, 5, 3],
    [[], [], 33, 65, 17],
    [[3], [3], 7, 5, 4],
    [[2, 3], [2, 3], 4, 3, 5],
    // The SIMD kernel's 4x8 tiles with row and column remainders, and attention's shapes.
    [[2, 3], [2, 3], 13, 9, 27],
    [[4], [4], 48, 48, 25],
  ];
  // Broadcast batch dims: forward only, because tfjs-core's BatchMatMul gradient does not sum over
  // broadcast dims (it throws a shape error on every backend; pinned down below).
  const broadcastLayouts: [number[], number[], number, number, number][] = [
    [[1], [3], 4, 5, 6],
    [[3], [], 4, 5, 2],
    [[], [2], 6, 3, 4],
    [[2, 1], [1, 3], 3, 4, 2],
  ];
  const shapeOf = (batch: number[], rows: number, cols: number, transposed: boolean) =>
    transposed ? [...batch, cols, rows] : [...batch, rows, cols];

  for (const [transposeA, transposeB] of transposes) {
    for (const [batchA, batchB, m, k, n] of layouts) {
      const a = shapeOf(batchA, m, k, transposeA);
      const b = shapeOf(batchB, k, n, transposeB);
      const flags = `transposeA=${transposeA} transposeB=${transposeB}`;
      it(`matMul a[${a}] b[${b}] ${flags}: forward and gradients match cpu`, async () => {
        const mm = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, transposeA, transposeB);
        await check('BatchMatMul', withGradients(mm, [a, b], 4000 + m + k + n));
      });
    }

    it(`broadcast-batch matMul transposeA=${transposeA} transposeB=${transposeB}: forward matches cpu`, async () => {
      await check('BatchMatMul', () =>
        broadcastLayouts.map(([batchA, batchB, m, k, n], i) =>
          tf.matMul(
            normal(shapeOf(batchA, m, k, transposeA), 10 * i + 1),
            normal(shapeOf(batchB, k, n, transposeB), 10 * i + 2),
            transposeA,
            transposeB,
          ),
        ),
      );
    });

    // Batched (rank 3, batch > 1) fused matMul runs without a bias here: with one, wasm's own
    // _FusedMatMul adds the wrong bias (pinned down by its own test below).
    for (const [batch, m, k, n, withBias] of [
      [[], 7, 5, 3, true],
      [[], 16, 9, 33, true],
      [[3], 4, 6, 5, false],
    ] as [number[], number, number, number, boolean][]) {
      const a = shapeOf(batch, m, k, transposeA);
      const b = shapeOf(batch, k, n, transposeB);
      const what = withBias ? 'bias + relu/linear' : 'relu/linear';
      const flags = `transposeA=${transposeA} transposeB=${transposeB}`;
      it(`fused.matMul a[${a}] b[${b}] ${flags}: ${what} forward and gradients match cpu`, async () => {
        const fused = (activation: 'relu' | 'linear') => (x: tf.Tensor, y: tf.Tensor, bias?: tf.Tensor) =>
          tf.fused.matMul({ a: x, b: y, transposeA, transposeB, bias, activation });
        const shapes = withBias ? [a, b, [n]] : [a, b];
        await check('_FusedMatMul', () => [
          // Plain forward passes: both activations run through the _FusedMatMul kernel.
          fused('relu')(normal(a, 1), normal(b, 2), withBias ? normal([n], 3) : undefined),
          fused('linear')(normal(a, 1), normal(b, 2), withBias ? normal([n], 3) : undefined),
          // Under a tape only 'linear' stays fused (custom gradient made of transposed matMuls).
          ...withGradients(fused('linear'), shapes, 5000 + m)(),
          ...withGradients(fused('relu'), shapes, 5100 + m)(),
        ]);
      });
    }
  }

  it('gradients of a broadcast-batch matMul are refused by tfjs-core on both backends', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      expect(() =>
        tf.tidy(() => tf.grads((a, b) => tf.matMul(a, b))([normal([1, 4, 5], 1), normal([3, 5, 6], 2)])),
      ).toThrow("The gradient of input 'a' has shape '3,4,5', which does not match the shape of the input '1,4,5'");
    }
  });

  // BUG (stock tfjs-backend-wasm 4.22 _FusedMatMul, passed through unchanged by fastTransposedMatMul):
  // with batch > 1 and a bias, rows after the first get a wrong bias. zeros[2,2,3]·zeros[2,3,4] + [1,2,3,4]
  // must be [1,2,3,4] on every row; wasm gives [[[1,2,3,4],[4,4,4,4]],[[1,2,3,4],[4,4,4,4]]].
  it('fused.matMul adds the bias to every row of every batch entry (batch 2, all transposes)', async () => {
    for (const [transposeA, transposeB] of transposes) {
      await check('_FusedMatMul batched bias', () => [
        tf.fused.matMul({
          a: normal(shapeOf([2], 3, 4, transposeA), 1),
          b: normal(shapeOf([2], 4, 5, transposeB), 2),
          transposeA,
          transposeB,
          bias: normal([5], 3),
        }),
      ]);
    }
  });
});

describe('gather gradient and unsortedSegmentSum (UnsortedSegmentSum)', () => {
  const int = (values: number[] | number[][], shape: number[]) => tf.tensor(values, shape, 'int32');
  const gathers = [
    { x: [6, 4], indices: [0, 2, 2, 5, 0, 0], shape: [6], axis: 0, why: 'rank 2, repeated indices' },
    { x: [5, 3, 2], indices: [1, 1, 4, 0], shape: [2, 2], axis: 0, why: 'rank 3, 2-D indices' },
    { x: [3, 5, 2], indices: [4, 4, 0, 1], shape: [4], axis: 1, why: 'rank 3, axis 1' },
    { x: [10, 3], indices: [2, 2, 2, 2, 2], shape: [5], axis: 0, why: 'every index the same' },
    { x: [7, 4], indices: [3, 1, 0, 6, 5, 4, 2], shape: [7], axis: 0, why: 'a permutation' },
  ];
  gathers.forEach((g, i) => {
    const title = `x[${g.x}] axis ${g.axis} indices ${JSON.stringify(g.indices)} (${g.why})`;
    it(`tf.gather gradient matches cpu: ${title}`, async () => {
      await check('UnsortedSegmentSum (gather grad)', () => {
        const indices = int(g.indices, g.shape);
        return withGradients((x) => tf.gather(x, indices, g.axis), [g.x], 6000 + i)();
      });
    });
  });

  it('tf.gather gradient with batchDims 1 matches cpu (rank 2 and rank 3 params)', async () => {
    // Only the gradient is compared: the forward GatherV2 is wasm's own kernel, wrong on rank 3 (below).
    await check('UnsortedSegmentSum (gather grad)', () => {
      const indices = int([0, 4, 4, 1, 1, 2], [2, 3]);
      const params = [normal([2, 5], 6100), normal([2, 5, 3], 6101)];
      return params.map((x) =>
        tf.grad((p) => tf.gather(p, indices, 1, 1))(x, normal([2, 3, ...x.shape.slice(2)], 6102)),
      );
    });
  });

  // Stock tfjs-backend-wasm 4.22 GatherV2 bug, in a kernel this package does not replace (no layer
  // uses batchDims): with batchDims 1 and params of rank 3, batches after the first read garbage.
  // gather(range(12).reshape([2,3,2]), [[2],[0]], 1, 1): cpu [[[4,5]],[[6,7]]], wasm [[[4,5]],[[4.5e-44,4.5e-44]]].
  it('tf.gather with batchDims 1 on rank-3 params matches cpu (stock wasm GatherV2 reads the wrong rows)', async () => {
    await check('GatherV2 batchDims (stock wasm)', () => [
      tf.gather(tf.reshape(tf.range(0, 12), [2, 3, 2]), int([2, 0], [2, 1]), 1, 1),
    ]);
  });

  it('tf.gather of int32 params and of a middle axis gives the rows cpu gives (GatherV2 as slice copies)', async () => {
    await check('GatherV2', () => [
      tf.cast(tf.gather(int([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [4, 3]), int([3, 0, 3], [3])), 'float32'),
      tf.gather(normal([2, 5, 3], 6200), int([4, 0, 2, 2], [2, 2]), 1),
    ]);
  });

  it('tf.gather with an index outside the axis fails with the index named (GatherV2 on wasm)', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.gather(tf.zeros([3, 2]), int([0, 3], [2])))).toThrow(/index 3 .* \[0, 2\]/);
  });

  it('an embedding-style lookup (gather on axis 0 with [batch, time] ids) trains the same on wasm', async () => {
    await check('UnsortedSegmentSum (gather grad)', () => {
      const table = tf.variable(normal([10, 4], 1));
      const ids = int([1, 3, 3, 0, 9, 1, 1, 1], [2, 4]);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.gather(table, ids))), [table]);
      const result = [value, grads[table.name]];
      table.dispose();
      return result;
    });
  });

  const sums = [
    { x: [6, 3], ids: [0, 2, 2, 1, 0, 3], n: 4, why: 'every segment hit' },
    { x: [6, 3], ids: [0, 5, -1, 2, 2, 9], n: 4, why: 'ids < 0 or >= numSegments are dropped' },
    { x: [3, 2], ids: [1, 1, 1], n: 5, why: 'empty segments are zero' },
    { x: [8], ids: [3, 0, 3, 1, 7, 7, 2, 0], n: 8, why: 'rank 1' },
    { x: [4, 2, 3], ids: [3, 0, 3, 1], n: 4, why: 'rank 3' },
  ];
  sums.forEach((s, i) => {
    // The gradient (a gather of dy by id) is defined only for ids < numSegments: cpu throws otherwise.
    const inRange = s.ids.every((id) => id < s.n);
    const what = inRange ? 'forward and gradient' : 'forward';
    const title = `x[${s.x}] ids ${JSON.stringify(s.ids)} n=${s.n} (${s.why})`;
    it(`tf.unsortedSegmentSum ${what} match cpu: ${title}`, async () => {
      await check('UnsortedSegmentSum (direct)', () => {
        const ids = int(s.ids, [s.ids.length]);
        const sum = (x: tf.Tensor) => tf.unsortedSegmentSum(x, ids as tf.Tensor1D, s.n);
        return inRange ? withGradients(sum, [s.x], 7000 + i)() : [sum(normal(s.x, 7000 + i))];
      });
    });
  });
});

describe('depthwiseConv2d gradients (cpu fallback)', () => {
  const cases: { x: number[]; f: number[]; strides: Strides; pad: Pad }[] = [
    { x: [2, 7, 9, 3], f: [3, 3, 3, 2], strides: 1, pad: 'same' },
    { x: [1, 13, 13, 4], f: [4, 4, 4, 1], strides: 2, pad: 'valid' },
    { x: [5, 7, 7, 2], f: [2, 3, 2, 3], strides: [1, 2], pad: 'same' },
    { x: [1, 7, 7, 2], f: [3, 3, 2, 2], strides: 2, pad: 1 },
    { x: [2, 13, 13, 1], f: [5, 5, 1, 11], strides: 3, pad: 'same' },
  ];
  cases.forEach((c, i) => {
    it(`dx and dW match cpu: ${describeConv(c)}`, async () => {
      const dw = (x: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(as4d(x), as4d(w), c.strides, c.pad as 'same');
      await check('DepthwiseConv2dNative backprop', withGradients(dw, [c.x, c.f], 8000 + 10 * i));
    });
  });

  it('forward depthwiseConv2d with dilation 2 matches cpu', async () => {
    await check('DepthwiseConv2dNative forward (dilated)', () => [
      tf.depthwiseConv2d(as4d(normal([2, 9, 9, 3], 1)), as4d(normal([3, 3, 3, 2], 2)), 1, 'same', 'NHWC', 2),
    ]);
  });
});

describe('Tile (and broadcastTo, which runs it)', () => {
  const cases = [
    { shape: [3], reps: [4] },
    { shape: [2, 3], reps: [2, 1] },
    { shape: [2, 3], reps: [1, 3] },
    { shape: [1, 1, 1, 5], reps: [4, 3, 2, 1] },
    { shape: [2, 1, 3, 1], reps: [1, 4, 1, 2] },
    { shape: [1], reps: [1] },
  ];
  cases.forEach(({ shape, reps }, i) => {
    it(`tile x[${shape}] by [${reps}]: forward and gradient match cpu`, async () => {
      await check(
        'Tile',
        withGradients((x) => tf.tile(x, reps), [shape], 10000 + 10 * i),
      );
    });
  });

  // Forward only (the gradient, now at any rank, is checked in ../tile-gradient.test.ts).
  it('tile of rank 5 and rank 6 tensors matches cpu', async () => {
    await check('Tile', () => [
      tf.tile(normal([2, 3, 1, 2, 1], 1), [2, 1, 3, 1, 2]),
      tf.tile(normal([1, 2, 1, 2, 1, 3], 2), [2, 1, 2, 1, 3, 1]),
    ]);
  });

  it('tile of int32 and bool tensors, and of a scalar-shaped [1] tensor, matches cpu', async () => {
    await check('Tile', () => [
      tf.tile(tf.tensor([[1, -2, 3]], [1, 3], 'int32'), [3, 2]),
      tf.cast(tf.tile(tf.tensor([true, false, true], [3, 1], 'bool'), [2, 2]), 'int32'),
      tf.tile(tf.tensor([7], [1], 'float32'), [5]),
    ]);
  });

  it('broadcastTo (batch-norm style [1,1,1,C] -> [N,H,W,C]) forward and gradient match cpu', async () => {
    await check(
      'Tile',
      withGradients((x) => tf.broadcastTo(x, [3, 5, 4, 6]), [[1, 1, 1, 6]], 10100),
    );
  });

  // BUG in tile.ts: with a zero repetition the output is empty, but tileInto still writes rows into
  // it. tf.tile(x[2,3], [0, 1]): cpu returns an empty [0, 3] tensor; wasm throws
  // "RangeError: offset is out of bounds" (from out.set in the last dimension).
  it('tile with a zero repetition gives an empty tensor like cpu', async () => {
    await check('Tile', () => [tf.tile(normal([2, 3], 1), [0, 1]), tf.tile(normal([2, 3], 2), [2, 0])]);
  });
});

describe('Sum and Mean over leading axes (reduce-leading-axes.ts), and the reductions it hands back', () => {
  const cases: [number[], number[], boolean][] = [
    [[4, 5, 6, 3], [0, 1, 2], false],
    [[4, 5, 6, 3], [0, 1, 2], true],
    [[7, 5], [0], false],
    [[3, 4, 5], [1, 0], true],
    [[3, 4, 5], [-3, -2], false],
    [[2, 3, 4, 5], [0], true],
    // Not leading axes, or all of them: the backend's own kernels.
    [[4, 5, 6, 3], [1, 2], false],
    [[4, 5, 6, 3], [0, 1, 2, 3], false],
    [[4, 5, 6], [2], true],
    [[4, 5, 6], [0, 2], false],
  ];
  const reductions = { Sum: tf.sum, Mean: tf.mean };
  for (const [kernel, reduce] of Object.entries(reductions)) {
    cases.forEach(([shape, axes, keepDims], i) => {
      const title = `x[${shape}] over axes [${axes}] keepDims=${keepDims}`;
      it(`${kernel} of ${title}: forward and gradient match cpu`, async () => {
        await check(
          kernel,
          withGradients((x) => reduce(x, axes, keepDims), [shape], 11000 + 10 * i),
        );
      });
    });
  }

  it('sum and mean of [N, H, W, C] activations as batch-norm statistics (128 x 13 x 13 rows) match cpu', async () => {
    await check('Sum/Mean (large)', () => {
      const x = tf.add(normal([128, 13, 13, 8], 1), 3);
      return [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2]), tf.moments(x, [0, 1, 2]).variance];
    });
  });

  it('int32 sums, NaN and Infinity inputs, and sums over an empty leading axis match cpu', async () => {
    await check('Sum/Mean (edge cases)', () => {
      const withSpecials = tf.tensor2d([1, Number.NaN, 2, 3, Number.POSITIVE_INFINITY, 4], [2, 3]);
      return [
        tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0),
        tf.sum(withSpecials, 0),
        tf.mean(withSpecials, 0),
        tf.sum(tf.zeros([0, 3]), 0),
      ];
    });
  });

  // The cpu backend says 0; we follow TensorFlow, for which the mean of nothing is NaN.
  it('the mean over an empty leading axis is NaN on wasm, as in TensorFlow', async () => {
    await tf.setBackend('wasm');
    expect(Array.from(tf.mean(tf.zeros([0, 3]), 0).dataSync())).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });
});

describe('Sum and Mean over a block of inner axes, per sample (reduce-leading-axes.ts)', () => {
  const cases: [number[], number[], string][] = [
    [[4, 5, 6, 7], [1, 2], 'instance norm and AdaIN statistics'],
    [[3, 8, 5], [1], 'a mean over the tokens of each sequence'],
    [[2, 3, 4, 5, 6], [2, 3], 'a block in the middle of rank 5'],
    [[1, 3, 2, 4], [1, 2], 'batch 1'],
    [[4, 0, 3], [1], 'an empty reduced axis (Sum only: cpu means it to 0, TensorFlow to NaN)'],
  ];
  for (const [shape, axes, why] of cases) {
    for (const kernel of shape.includes(0) ? (['Sum'] as const) : (['Sum', 'Mean'] as const)) {
      it(`${kernel} of [${shape}] over [${axes}] (${why}): forward (keepDims both ways) and gradient match cpu`, async () => {
        const reduce = kernel === 'Sum' ? tf.sum : tf.mean;
        await check(`${kernel} inner axes`, () => {
          const x = normal(shape, 91);
          const weights = normal(reduce(x, axes).shape, 92);
          const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(reduce(input, axes), weights)))(x);
          return [reduce(x, axes), reduce(x, axes, true), gradient];
        });
      });
    }
  }
});

describe('Identity (shares memory instead of copying)', () => {
  it('clones, gradient pass-throughs and variables match cpu', async () => {
    await check('Identity', () => {
      const x = normal([3, 4], 1);
      const v = tf.variable(x);
      const dx = tf.grad((input) => tf.sum(tf.mul(tf.clone(input), tf.clone(input))))(x);
      const result = [tf.clone(x), dx, tf.clone(v)];
      v.dispose();
      return result;
    });
  });

  it('a clone outlives its source and the source outlives its clone, with no data left behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const dataIds = backend.numDataIds();
    const source = tf.tensor1d([1, 2, 3]);
    const clone = tf.clone(source);
    source.dispose();
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3]);
    const again = tf.clone(clone);
    const variable = tf.variable(again);
    again.dispose();
    clone.dispose();
    const doubled = tf.mul(variable, 2) as tf.Tensor1D;
    variable.assign(doubled);
    doubled.dispose();
    expect(Array.from(variable.dataSync())).toEqual([2, 4, 6]);
    variable.dispose();
    expect(backend.numDataIds()).toBe(dataIds);
  });
});

describe('einsum (cpu fallback; tfjs has no Einsum gradient)', () => {
  const cases = [
    {
      equation: 'ij,jk->ik',
      shapes: [
        [4, 5],
        [5, 3],
      ],
    },
    {
      equation: 'bij,bjk->bik',
      shapes: [
        [2, 3, 4],
        [2, 4, 5],
      ],
    },
    { equation: 'i,j->ij', shapes: [[3], [4]] },
    { equation: 'ij->ji', shapes: [[3, 4]] },
    {
      equation: 'ij,ij->',
      shapes: [
        [3, 4],
        [3, 4],
      ],
    },
  ];
  cases.forEach(({ equation, shapes }, i) => {
    it(`einsum('${equation}') matches cpu`, async () => {
      await check('Einsum', () => [tf.einsum(equation, ...shapes.map((shape, j) => normal(shape, 9000 + 10 * i + j)))]);
    });
  });

  it('an einsum the cpu kernel rejects throws its message on wasm and leaves no copies on cpu', async () => {
    await tf.setBackend('wasm');
    const cpu = tf.engine().findBackend('cpu');
    const cpuDataIds = cpu.numDataIds();
    const before = tf.memory().numTensors;
    const threeOperands = () => tf.einsum('ij,jk,kl->il', normal([3, 4], 1), normal([4, 2], 2), normal([2, 5], 3));
    expect(() => tf.tidy(threeOperands)).toThrow('Support for more than 2 input tensors is not implemented yet');
    expect(tf.memory().numTensors).toBe(before);
    expect(cpu.numDataIds(), 'input copies left on the cpu backend').toBe(cpuDataIds);
  });
});

describe('fused batch normalisation and LeakyRelu (one-pass kernels and gradients on wasm)', () => {
  // tf.layers reads tf.moments from tfjs-core's live exports, which is where the fast path is
  // installed; an ES-module namespace of it is a snapshot taken before that.
  const core = createRequire(import.meta.url)('@tensorflow/tfjs-core') as { moments: typeof tf.moments };
  const liveMoments: typeof tf.moments = (x, axis, keepDims) => core.moments(x, axis, keepDims);
  const bnCases: [string, number[]][] = [
    ['conv activations [4,5,5,6]', [4, 5, 5, 6]],
    ['dense activations [7,3]', [7, 3]],
    ['batch 1 [1,3,2,4]', [1, 3, 2, 4]],
  ];
  for (const [label, shape] of bnCases) {
    it(`tf.moments over the leading axes of ${label}: values and gradient match cpu`, async () => {
      await check('Hw7Moments', () => {
        const x = tf.add(tf.mul(normal(shape, 11), 3), 2);
        const axes = [...Array(shape.length - 1).keys()];
        const weights = [normal(shape.slice(-1), 12), normal(shape.slice(-1), 13)];
        const f = (input: tf.Tensor) => {
          const { mean, variance } = liveMoments(input, axes);
          return tf.add(tf.sum(tf.mul(mean, weights[0])), tf.sum(tf.mul(variance, weights[1])));
        };
        const { mean, variance } = liveMoments(x, axes, true);
        return [mean, variance, tf.grad(f)(x)];
      });
    });

    it(`a tf.layers.batchNormalization layer in training on ${label}: output and input gradient match cpu`, async () => {
      await check('Hw7FusedBatchNormGrad', () => {
        const x = normal(shape, 25);
        const target = normal(shape, 26);
        const model = tf.sequential({ layers: [tf.layers.batchNormalization({ inputShape: shape.slice(1) })] });
        model.setWeights(
          model.getWeights().map((w, i) => tf.add(tf.mul(normal(w.shape, 27 + i), 0.5), i === 3 ? 2 : 0)),
        );
        const apply = (input: tf.Tensor) => model.apply(input, { training: true }) as tf.Tensor;
        const result = [apply(x), tf.grad((input: tf.Tensor) => tf.sum(tf.mul(apply(input), target)))(x)];
        model.dispose();
        return result;
      });
    });
  }

  it('moments over non-leading axes and of int32 tensors still match cpu (stock path)', async () => {
    await check('moments (stock path)', () => {
      const x = normal([3, 4, 5], 31);
      const { mean, variance } = tf.moments(x, [1, 2]);
      const ints = tf.moments(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0);
      return [mean, variance, ints.mean, ints.variance];
    });
  });

  it('leakyRelu forward and gradient match cpu, including exact zeros, for alpha 0.2 and 1.5', async () => {
    for (const alpha of [0.2, 1.5]) {
      await check('LeakyRelu', () => {
        const x = tf.concat([normal([2, 7, 7, 3], 41).reshape([-1]), tf.zeros([5])]);
        const dy = normal(x.shape, 42);
        return [
          tf.leakyRelu(x, alpha),
          tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(input, alpha), dy)))(x),
        ];
      });
    }
  });

  it('relu gradient (the one-pass kernel with alpha 0) matches cpu, including exact zeros and non-finite dy', async () => {
    await check('Relu', () => {
      const x = tf.concat([normal([2, 7, 7, 3], 43).reshape([-1]), tf.zeros([5]), tf.tensor1d([-1, 2])]);
      const dy = tf.concat([normal([x.size - 2], 44), tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY])]);
      return [tf.relu(x), tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.relu(input), dy)))(x)];
    });
    await tf.setBackend('wasm');
    const profile = await tf.profile(() =>
      tf.dispose(tf.grad((input: tf.Tensor) => tf.sum(tf.relu(input)))(normal([3, 4], 45))),
    );
    expect(profile.kernelNames).toContain('Hw7LeakyReluGrad');
    expect(profile.kernelNames).not.toContain('Step');
  });

  it('a cast to the dtype a tensor already has shares its memory; other casts convert', async () => {
    await check('Cast', () => {
      const x = normal([4, 5], 46);
      const same = tf.cast(x, 'float32');
      return [same, tf.cast(tf.cast(x, 'int32'), 'float32'), tf.cast(tf.greater(x, 0), 'float32')];
    });
    await tf.setBackend('wasm');
    const x = normal([4, 5], 47);
    const same = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual(Array.from(normal([4, 5], 47).dataSync()));
    same.dispose();
  });
});

describe('Concat and SplitV (runs copied with memory.copy)', () => {
  it('concat along every axis, with uneven parts, matches cpu, and so does its gradient (a split)', async () => {
    for (const axis of [0, 1, 2, 3, -1]) {
      await check('Concat', () => {
        const parts = [normal([2, 3, 4, 1], 51), normal([2, 3, 4, 5], 52)].map((t, i) =>
          i === 0 || axis === 3 || axis === -1 ? t : t.slice([0, 0, 0, 0], [2, 3, 4, 1]),
        );
        const shapes = parts.map((t) => t.shape);
        const concatenated = tf.concat(parts, axis);
        const weights = normal(concatenated.shape, 53);
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.concat([a, b], axis), weights)))(parts);
        expect(grads.map((g) => g.shape)).toEqual(shapes);
        return [concatenated, ...grads];
      });
    }
  });

  it('the cGAN conditioning concat [N,28,28,1] + [N,28,28,10] and int32, bool and empty parts match cpu', async () => {
    await check('Concat', () => [
      tf.concat([normal([3, 28, 28, 1], 54), normal([3, 28, 28, 10], 55)], 3),
      tf.concat([tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6], [2, 1], 'int32')], 1),
      tf.concat([tf.tensor1d([1, 0], 'bool'), tf.tensor1d([1], 'bool')]).toInt(),
      tf.concat([normal([2, 3], 56), tf.zeros([2, 0]), normal([2, 1], 57)], 1),
    ]);
  });

  it('split by count and by sizes (with -1) on every axis matches cpu, and so does its gradient', async () => {
    for (const [axis, splits] of [
      [0, 2],
      [1, [1, -1]],
      [2, [2, 1, 3]],
      [3, 3],
    ] as [number, number | number[]][]) {
      await check('SplitV', () => {
        const x = normal([4, 3, 6, 9], 58);
        const parts = tf.split(x, splits, axis);
        const weights = parts.map((p, i) => normal(p.shape, 60 + i));
        const dx = tf.grad((input: tf.Tensor) =>
          tf.addN(tf.split(input, splits, axis).map((p, i) => tf.sum(tf.mul(p, weights[i])))),
        )(x);
        return [...parts, dx];
      });
    }
  });
});

describe('second-order gradients through LeakyRelu (gradient penalties)', () => {
  it('the gradient of a gradient penalty through leakyRelu matches the analytic value on wasm', async () => {
    await tf.setBackend('wasm');
    // f(x) = sum(w * leakyRelu(x)); df/dx = w * s(x) with s = 1 for x > 0, alpha otherwise;
    // penalty(w) = sum((df/dx)^2) = sum(w^2 s^2), so d penalty / dw = 2 w s^2.
    const alpha = 0.2;
    const x = tf.tensor1d([-2, -0.5, 0.5, 3]);
    const w = tf.tensor1d([1.5, -2, 0.7, 4]);
    const penaltyGrad = tf.grad((weights: tf.Tensor) => {
      const dfdx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(weights, tf.leakyRelu(input, alpha))))(x);
      return tf.sum(tf.square(dfdx));
    })(w);
    const s = [alpha, alpha, 1, 1];
    expect(Array.from(penaltyGrad.dataSync())).toEqual(
      [1.5, -2, 0.7, 4].map((v, i) => Math.fround(2 * v * s[i] * s[i])).map((v) => expect.closeTo(v, 5)),
    );
    tf.dispose([x, w, penaltyGrad]);
  });
});

describe('Add, Sub, Multiply, RealDiv with broadcasting (broadcast-binary.ts)', () => {
  const pairs: Array<[number[], number[], string]> = [
    [[6, 5, 4, 8], [8], 'bias add: a channel vector'],
    [[6, 5, 4, 8], [6, 1, 1, 8], 'per sample and channel (instance norm, AdaIN)'],
    [[6, 5, 4, 8], [6, 5, 4, 1], 'per pixel (StyleGAN noise)'],
    [[6, 5, 4, 1], [7], 'both broadcast: noise image times per-channel strength'],
    [[1, 1, 1, 7], [6, 5, 4, 7], 'the small operand first'],
    [[5, 6], [5, 1], 'rank 2, a column'],
    [[3, 1, 5], [1, 4, 1], 'an outer product'],
    [[4, 9], [], 'a scalar'],
    [[2, 3, 1, 2, 1, 3], [3, 4, 1, 1, 3], 'rank 6, more than 4 dims after merging (stock kernel)'],
    [[7, 9, 11], [11], 'odd runs (no multiple of 4)'],
  ];
  const ops: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
  ];
  pairs.forEach(([aShape, bShape, why], i) => {
    it(`[${aShape}] with [${bShape}] (${why}): add, sub, mul, div and their gradients match cpu`, async () => {
      for (const [name, op] of ops) {
        await check(`broadcast ${name}`, withGradients(op, [aShape, bShape], 12000 + 10 * i));
      }
    });
  });

  it("equal with broadcasting (global max pooling's gradient mask), with ties, matches cpu", async () => {
    await check('broadcast equal', () => {
      const x = tf.round(tf.mul(normal([6, 9, 7], 12500), 2));
      return [
        tf.cast(tf.equal(x, tf.max(x, 1, true)), 'float32'),
        tf.cast(tf.equal(tf.max(x, 1, true), x), 'float32'),
        tf.cast(tf.equal(x, tf.scalar(1)), 'float32'),
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.max(input, 1), normal([6, 7], 12501))))(x),
      ];
    });
  });

  it('int32 operands and empty outputs keep the stock kernels and match cpu', async () => {
    await check('broadcast int32', () => [
      tf.add(tf.tensor([[1, 2, 3]], [1, 3], 'int32'), tf.tensor([[10], [20]], [2, 1], 'int32')),
      tf.mul(tf.zeros([0, 3]), tf.ones([3])),
    ]);
  });
});

describe('max pooling gradient (MaxPoolGrad)', () => {
  const cases: Array<{ x: number[]; size: number; strides: number; pad: 'valid' | 'same'; why: string }> = [
    { x: [4, 32, 32, 64], size: 2, strides: 2, pad: 'valid', why: 'the Q6 CNN' },
    { x: [2, 7, 9, 6], size: 2, strides: 2, pad: 'valid', why: 'odd sides, 6 channels' },
    { x: [2, 7, 7, 5], size: 3, strides: 2, pad: 'same', why: "'same' padding, overlapping windows" },
    { x: [1, 6, 5, 3], size: 3, strides: 1, pad: 'same', why: 'stride 1, 3 channels' },
  ];
  for (const c of cases) {
    it(`${c.size}x${c.size} stride ${c.strides} '${c.pad}' on [${c.x}] (${c.why}): forward and dx match cpu`, async () => {
      await check(
        'maxPool',
        withGradients((x) => tf.maxPool(as4d(x), c.size, c.strides, c.pad), [c.x], 81),
      );
    });
  }
});

describe('average pooling gradient (AvgPoolGrad)', () => {
  const poolCases: Array<{ x: number[]; size: number; strides: number; pad: 'valid' | 'same' }> = [
    { x: [2, 6, 5, 3], size: 3, strides: 1, pad: 'valid' },
    { x: [1, 7, 7, 5], size: 2, strides: 2, pad: 'valid' },
    { x: [3, 8, 8, 4], size: 3, strides: 2, pad: 'valid' },
  ];
  for (const c of poolCases) {
    it(`${c.size}x${c.size} stride ${c.strides} '${c.pad}' on [${c.x}]: forward and dx match cpu`, async () => {
      await check(
        'avgPool',
        withGradients((x) => tf.avgPool(as4d(x), c.size, c.strides, c.pad), [c.x], 61),
      );
    });
  }

  /** dx by definition: each output's dy divided by the number of input pixels its window covered. */
  function referenceGradient(shape: number[], dy: Float32Array, dyShape: number[], size: number, strides: number) {
    const [n, h, w, ch] = shape as [number, number, number, number];
    const [, oh, ow] = dyShape as [number, number, number];
    const padTop = Math.floor(Math.max((oh - 1) * strides + size - h, 0) / 2);
    const padLeft = Math.floor(Math.max((ow - 1) * strides + size - w, 0) / 2);
    const dx = new Float64Array(n * h * w * ch);
    for (let b = 0; b < n; b++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          const rows = [...Array(size).keys()].map((k) => oy * strides - padTop + k).filter((y) => y >= 0 && y < h);
          const cols = [...Array(size).keys()].map((k) => ox * strides - padLeft + k).filter((x) => x >= 0 && x < w);
          for (const y of rows)
            for (const x of cols)
              for (let c = 0; c < ch; c++) {
                dx[((b * h + y) * w + x) * ch + c] +=
                  dy[((b * oh + oy) * ow + ox) * ch + c] / (rows.length * cols.length);
              }
        }
    return dx;
  }

  const sameCases: Array<{ x: number[]; size: number; strides: number }> = [
    { x: [2, 5, 6, 3], size: 3, strides: 1 },
    { x: [1, 7, 6, 6], size: 3, strides: 2 },
    { x: [2, 4, 5, 4], size: 2, strides: 2 },
  ];
  for (const c of sameCases) {
    it(`'same' ${c.size}x${c.size} stride ${c.strides} on [${c.x}]: dx divides by the pixels inside the image, as the forward pass averages`, async () => {
      await tf.setBackend('wasm');
      const x = normal(c.x, 71);
      const y = tf.avgPool(as4d(x), c.size, c.strides, 'same');
      const dy = normal(y.shape, 72);
      const profile = await tf.profile(() => {
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(as4d(input), c.size, c.strides, 'same'), dy)))(
          x,
        ).dispose();
      });
      for (const name of profile.kernelNames) exercised.add(name);
      const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(as4d(input), c.size, c.strides, 'same'), dy)))(
        x,
      );
      const want = referenceGradient(c.x, dy.dataSync() as Float32Array, y.shape, c.size, c.strides);
      expect(maxError(dx.dataSync(), want)).toBeLessThanOrEqual(TOLERANCE);
      tf.dispose([x, y, dy, dx]);
    });
  }

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`regression (tfjs divided border windows by 9): on ${backend}, the gradient of sum(avgPool(ones 4x4, 3, 1, 'same')) is PyTorch's`, async () => {
      await tf.setBackend(backend);
      const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.avgPool(as4d(x), 3, 1, 'same')))(tf.ones([1, 4, 4, 1]));
      // torch.nn.functional.avg_pool2d(x, 3, 1, 1, count_include_pad=False).sum().backward() on
      // ones(1, 1, 4, 4); a corner pixel is in windows of 4, 6, 6 and 9 pixels: 1/4 + 2/6 + 1/9.
      const values = Array.from(dx.dataSync());
      expect(values[0]).toBeCloseTo(1 / 4 + 2 / 6 + 1 / 9, 5);
      expect(values[0]).toBeCloseTo(0.69444, 5);
      expect(values[1]).toBeCloseTo(0.97222, 5);
      expect(values[5]).toBeCloseTo(1.36111, 5);
      dx.dispose();
    });
  }
});

describe('GRU sequence kernels (Hw7GruForward, Hw7GruBackward)', () => {
  const cases: Array<{
    batch: number;
    steps: number;
    features: number;
    units: number;
    backwards: boolean;
    why: string;
  }> = [
    { batch: 4, steps: 6, features: 5, units: 8, backwards: false, why: 'forward in time' },
    { batch: 3, steps: 7, features: 6, units: 5, backwards: true, why: 'backwards, odd sizes' },
  ];
  for (const c of cases) {
    it(`a tf.layers GRU's last state (${c.why}), with padding masked: output and gradients match cpu`, async () => {
      await check('GRU sequence', () => {
        const gru = tf.layers.gru({ units: c.units, goBackwards: c.backwards });
        const x = normal([c.batch, c.steps, c.features], 2001);
        // Padding at the end of some rows and one gap in the middle.
        const mask = tf.tensor2d(
          Array.from({ length: c.batch * c.steps }, (_, i) => (i % c.steps < c.steps - (i % 3) && i !== 5 ? 1 : 0)),
          [c.batch, c.steps],
        );
        gru.apply(x); // builds the weights
        gru.setWeights(gru.getWeights().map((w, i) => tf.mul(normal(w.shape, 2010 + i), 0.6)));
        const weights = gru.trainableWeights.map((w) => w.read() as tf.Variable);
        const target = normal([c.batch, c.units], 2020);
        const loss = () => tf.sum(tf.mul(gru.apply(x, { mask }) as tf.Tensor, target)) as tf.Scalar;
        const { value, grads } = tf.variableGrads(loss, weights);
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(gru.apply(input, { mask }) as tf.Tensor, target)))(x);
        const result = [
          gru.apply(x, { mask }) as tf.Tensor,
          value,
          dx,
          ...weights.map((w) => grads[w.name] as tf.Tensor),
        ];
        gru.dispose();
        return result;
      });
      expect(exercised).toContain('Hw7GruForward');
      expect(exercised).toContain('Hw7GruBackward');
    });
  }
});

describe('fused Adam (Hw7AdamUpdate)', () => {
  type Moments = {
    accumulatedFirstMoment: { variable: tf.Variable }[];
    accumulatedSecondMoment: { variable: tf.Variable }[];
  };
  const optimizers: Array<[string, () => tf.AdamOptimizer]> = [
    ['tf.train.adam(0.01, 0.5, 0.99)', () => tf.train.adam(0.01, 0.5, 0.99, 1e-8)],
    ['AdamW (lr 0.02, weight decay 0.1)', () => new AdamW({ learningRate: 0.02, weightDecay: 0.1 })],
    ['tf.train.adam() with the default epsilon', () => tf.train.adam()],
  ];
  for (const [label, make] of optimizers) {
    it(`5 steps of ${label} on two variables give cpu's weights and moments`, async () => {
      await check('Hw7AdamUpdate', () => {
        const w1 = tf.variable(normal([5, 7], 1001));
        const w2 = tf.variable(normal([13], 1002));
        const x = normal([3, 5], 1003);
        const optimizer = make();
        for (let step = 0; step < 5; step++) {
          optimizer.minimize(
            () => tf.add(tf.sum(tf.square(tf.sub(tf.matMul(x, w1), 1))), tf.sum(tf.sin(w2))) as tf.Scalar,
            false,
            [w1, w2],
          );
        }
        const state = optimizer as unknown as Moments;
        const result = [
          w1,
          w2,
          ...state.accumulatedFirstMoment.map((slot) => slot.variable),
          ...state.accumulatedSecondMoment.map((slot) => slot.variable),
        ].map((t) => tf.clone(t));
        optimizer.dispose();
        tf.dispose([w1, w2]);
        return result;
      });
    });
  }
});

describe('coverage', () => {
  // Runs last: the checks above record which kernels they dispatched on wasm.
  it('every kernel in WASM_TRAINING_KERNELS was dispatched by some check above', () => {
    const missing = WASM_TRAINING_KERNELS.filter((name) => !exercised.has(name));
    expect(missing, 'registered wasm training kernels with no gradient check').toEqual([]);
  });
});
