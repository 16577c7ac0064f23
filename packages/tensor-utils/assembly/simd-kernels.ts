// SIMD inner loops for the wasm training kernels, compiled by AssemblyScript to a small WebAssembly
// module that imports the tfjs wasm backend's own memory: every pointer below is a byte offset of a
// tensor in that heap. Typed-array loops in JavaScript run these at 2-6 ns per element; here they
// take 0.3-1 ns. Float32 data, float64 accumulators for every reduction.

// ---- helpers ------------------------------------------------------------------------------------

@inline function f32Ptr(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

@inline function f64Ptr(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

/** Adds the four lanes of `v` (f32) into four float64 accumulators at `acc`. */
@inline function accumulate4(acc: usize, v: v128): void {
  const high = v128.shuffle<i32>(v, v, 2, 3, 2, 3);
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
  v128.store(acc + 16, f64x2.add(v128.load(acc + 16), f64x2.promote_low_f32x4(high)));
}

/** Column sums of the [rows, cols] matrix at `x` into `acc` (cols float64 values, overwritten). */
function columnSums(x: usize, rows: i32, cols: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>cols << 3);
  const vectorCols = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = f32Ptr(x, r * cols);
    let c = 0;
    for (; c < vectorCols; c += 4) accumulate4(f64Ptr(acc, c), v128.load(f32Ptr(row, c)));
    for (; c < cols; c++) store<f64>(f64Ptr(acc, c), load<f64>(f64Ptr(acc, c)) + <f64>load<f32>(f32Ptr(row, c)));
  }
}

// ---- elementwise --------------------------------------------------------------------------------

/** out = x > 0 ? x : alpha * x */
export function leakyRelu(x: usize, out: usize, n: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(f32Ptr(x, i));
    v128.store(f32Ptr(out, i), v128.bitselect(v, f32x4.mul(v, a), f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(f32Ptr(x, i));
    store<f32>(f32Ptr(out, i), v > 0 ? v : alpha * v);
  }
}

/** out = x > 0 ? dy : alpha * dy */
export function leakyReluGrad(dy: usize, x: usize, out: usize, n: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const g = v128.load(f32Ptr(dy, i));
    const mask = f32x4.gt(v128.load(f32Ptr(x, i)), zero);
    v128.store(f32Ptr(out, i), v128.bitselect(g, f32x4.mul(g, a), mask));
  }
  for (; i < n; i++) {
    const g = load<f32>(f32Ptr(dy, i));
    store<f32>(f32Ptr(out, i), load<f32>(f32Ptr(x, i)) > 0 ? g : alpha * g);
  }
}

// ---- elementwise with broadcasting ---------------------------------------------------------------

// Output dims (outer to inner) and each input's strides in elements (0 along a broadcast axis), set
// by setBroadcast.
let dim0: i32, dim1: i32, dim2: i32, dim3: i32;
let aStride0: i32, aStride1: i32, aStride2: i32, aStride3: i32;
let bStride0: i32, bStride1: i32, bStride2: i32, bStride3: i32;

export function setBroadcast(
  d0: i32, d1: i32, d2: i32, d3: i32,
  a0: i32, a1: i32, a2: i32, a3: i32,
  b0: i32, b1: i32, b2: i32, b3: i32,
): void {
  dim0 = d0; dim1 = d1; dim2 = d2; dim3 = d3;
  aStride0 = a0; aStride1 = a1; aStride2 = a2; aStride3 = a3;
  bStride0 = b0; bStride1 = b1; bStride2 = b2; bStride3 = b3;
}

/** op: 0 add, 1 subtract, 2 multiply, 3 divide. */
@inline function apply4(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

@inline function apply1(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  return x / y;
}

/** out[n] = a op b over one innermost run; a stride / b stride 1 (a run) or 0 (one value repeated). */
@inline function binaryRun(op: i32, a: usize, aStep: i32, b: usize, bStep: i32, out: usize, n: i32): void {
  let i = 0;
  if (aStep == 1 && bStep == 1) {
    for (; i + 4 <= n; i += 4) v128.store(f32Ptr(out, i), apply4(op, v128.load(f32Ptr(a, i)), v128.load(f32Ptr(b, i))));
    for (; i < n; i++) store<f32>(f32Ptr(out, i), apply1(op, load<f32>(f32Ptr(a, i)), load<f32>(f32Ptr(b, i))));
  } else if (aStep == 1) {
    const y = load<f32>(b);
    const yy = f32x4.splat(y);
    for (; i + 4 <= n; i += 4) v128.store(f32Ptr(out, i), apply4(op, v128.load(f32Ptr(a, i)), yy));
    for (; i < n; i++) store<f32>(f32Ptr(out, i), apply1(op, load<f32>(f32Ptr(a, i)), y));
  } else if (bStep == 1) {
    const x = load<f32>(a);
    const xx = f32x4.splat(x);
    for (; i + 4 <= n; i += 4) v128.store(f32Ptr(out, i), apply4(op, xx, v128.load(f32Ptr(b, i))));
    for (; i < n; i++) store<f32>(f32Ptr(out, i), apply1(op, x, load<f32>(f32Ptr(b, i))));
  } else {
    const v = apply1(op, load<f32>(a), load<f32>(b));
    for (; i < n; i++) store<f32>(f32Ptr(out, i), v);
  }
}

/**
 * out = a op b with broadcasting, the shapes merged to at most 4 dims by setBroadcast; the inner
 * dim is a run of each input or one value of it repeated.
 */
export function broadcastBinary(op: i32, a: usize, b: usize, out: usize): void {
  let o = out;
  const runBytes = <usize>dim3 << 2;
  for (let i0 = 0; i0 < dim0; i0++) {
    for (let i1 = 0; i1 < dim1; i1++) {
      for (let i2 = 0; i2 < dim2; i2++) {
        const pa = f32Ptr(a, i0 * aStride0 + i1 * aStride1 + i2 * aStride2);
        const pb = f32Ptr(b, i0 * bStride0 + i1 * bStride1 + i2 * bStride2);
        if (op == 0) binaryRun(0, pa, aStride3, pb, bStride3, o, dim3);
        else if (op == 1) binaryRun(1, pa, aStride3, pb, bStride3, o, dim3);
        else if (op == 2) binaryRun(2, pa, aStride3, pb, bStride3, o, dim3);
        else binaryRun(3, pa, aStride3, pb, bStride3, o, dim3);
        o += runBytes;
      }
    }
  }
}

/** out (bool, one byte each) = a == b with broadcasting, the shapes set by setBroadcast. */
export function broadcastEqual(a: usize, b: usize, out: usize): void {
  let o = out;
  for (let i0 = 0; i0 < dim0; i0++) {
    for (let i1 = 0; i1 < dim1; i1++) {
      for (let i2 = 0; i2 < dim2; i2++) {
        const pa = f32Ptr(a, i0 * aStride0 + i1 * aStride1 + i2 * aStride2);
        const pb = f32Ptr(b, i0 * bStride0 + i1 * bStride1 + i2 * bStride2);
        for (let i = 0; i < dim3; i++) {
          store<u8>(o + i, <u8>(load<f32>(f32Ptr(pa, i * aStride3)) == load<f32>(f32Ptr(pb, i * bStride3))));
        }
        o += dim3;
      }
    }
  }
}

// ---- batched matrix products ---------------------------------------------------------------------

/** Rows i..i+3 of C = A·B, columns j..j+7 (two vectors per row), A [m, k] and B [k, n] row-major. */
@inline function productTile4x8(a: usize, b: usize, c: usize, i: i32, j: i32, k: i32, n: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a0 = f32Ptr(a, i * k);
  const a1 = a0 + (<usize>k << 2);
  const a2 = a1 + (<usize>k << 2);
  const a3 = a2 + (<usize>k << 2);
  for (let kk = 0; kk < k; kk++) {
    const row = f32Ptr(b, kk * n + j);
    const b0 = v128.load(row);
    const b1 = v128.load(row + 16);
    const offset = <usize>kk << 2;
    const s0 = v128.load32_splat(a0 + offset);
    const s1 = v128.load32_splat(a1 + offset);
    const s2 = v128.load32_splat(a2 + offset);
    const s3 = v128.load32_splat(a3 + offset);
    c00 = f32x4.add(c00, f32x4.mul(s0, b0));
    c01 = f32x4.add(c01, f32x4.mul(s0, b1));
    c10 = f32x4.add(c10, f32x4.mul(s1, b0));
    c11 = f32x4.add(c11, f32x4.mul(s1, b1));
    c20 = f32x4.add(c20, f32x4.mul(s2, b0));
    c21 = f32x4.add(c21, f32x4.mul(s2, b1));
    c30 = f32x4.add(c30, f32x4.mul(s3, b0));
    c31 = f32x4.add(c31, f32x4.mul(s3, b1));
  }
  const out = f32Ptr(c, i * n + j);
  const rowBytes = <usize>n << 2;
  v128.store(out, c00);
  v128.store(out + 16, c01);
  v128.store(out + rowBytes, c10);
  v128.store(out + rowBytes + 16, c11);
  v128.store(out + 2 * rowBytes, c20);
  v128.store(out + 2 * rowBytes + 16, c21);
  v128.store(out + 3 * rowBytes, c30);
  v128.store(out + 3 * rowBytes + 16, c31);
}

/** Row i of C = A·B from column j on: four columns per vector, then one at a time. */
@inline function productRowFrom(a: usize, b: usize, c: usize, i: i32, j0: i32, k: i32, n: i32): void {
  const aRow = f32Ptr(a, i * k);
  let j = j0;
  for (; j + 4 <= n; j += 4) {
    let acc = f32x4.splat(0);
    for (let kk = 0; kk < k; kk++) {
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(f32Ptr(aRow, kk)), v128.load(f32Ptr(b, kk * n + j))));
    }
    v128.store(f32Ptr(c, i * n + j), acc);
  }
  for (; j < n; j++) {
    let acc: f32 = 0;
    for (let kk = 0; kk < k; kk++) acc += load<f32>(f32Ptr(aRow, kk)) * load<f32>(f32Ptr(b, kk * n + j));
    store<f32>(f32Ptr(c, i * n + j), acc);
  }
}

/**
 * C[t] = A[t]·B[t] for t < batches, A [m, k], B [k, n], C [m, n] row-major; aStride and bStride are
 * the elements between consecutive matrices (0 broadcasts one matrix to every product). The
 * small products of attention (48x48 by 48x25) run in 4x8 register tiles; the backend's own
 * batched loop is scalar.
 */
export function batchMatMul(
  a: usize,
  b: usize,
  c: usize,
  batches: i32,
  m: i32,
  k: i32,
  n: i32,
  aStride: i32,
  bStride: i32,
): void {
  for (let t = 0; t < batches; t++) {
    const at = f32Ptr(a, t * aStride);
    const bt = f32Ptr(b, t * bStride);
    const ct = f32Ptr(c, t * m * n);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      let j = 0;
      for (; j + 8 <= n; j += 8) productTile4x8(at, bt, ct, i, j, k, n);
      for (let r = 0; r < 4; r++) productRowFrom(at, bt, ct, i + r, j, k, n);
    }
    for (; i < m; i++) productRowFrom(at, bt, ct, i, 0, k, n);
  }
}

// ---- optimizer ----------------------------------------------------------------------------------

/**
 * One Adam step of a variable, in tfjs's order of float32 operations (so the result is the same to
 * the bit): m' = m b1 + g (1 - b1); v' = v b2 + g^2 (1 - b2); w' = (m' / c1) / (sqrt(v' / c2) + eps)
 * (-lr) + w, with c1 = 1 - b1^t and c2 = 1 - b2^t.
 */
export function adamUpdate(
  w: usize,
  g: usize,
  m: usize,
  v: usize,
  wOut: usize,
  mOut: usize,
  vOut: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  correction1: f32,
  correction2: f32,
  epsilon: f32,
  negativeLearningRate: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const ob1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const ob2 = f32x4.splat(oneMinusBeta2);
  const c1 = f32x4.splat(correction1);
  const c2 = f32x4.splat(correction2);
  const eps = f32x4.splat(epsilon);
  const nlr = f32x4.splat(negativeLearningRate);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(f32Ptr(g, i));
    const mi = f32x4.add(f32x4.mul(v128.load(f32Ptr(m, i)), b1), f32x4.mul(gi, ob1));
    const vi = f32x4.add(f32x4.mul(v128.load(f32Ptr(v, i)), b2), f32x4.mul(f32x4.mul(gi, gi), ob2));
    const step = f32x4.div(f32x4.div(mi, c1), f32x4.add(f32x4.sqrt(f32x4.div(vi, c2)), eps));
    v128.store(f32Ptr(mOut, i), mi);
    v128.store(f32Ptr(vOut, i), vi);
    v128.store(f32Ptr(wOut, i), f32x4.add(f32x4.mul(step, nlr), v128.load(f32Ptr(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(f32Ptr(g, i));
    const mi = load<f32>(f32Ptr(m, i)) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(f32Ptr(v, i)) * beta2 + gi * gi * oneMinusBeta2;
    const step = mi / correction1 / (Mathf.sqrt(vi / correction2) + epsilon);
    store<f32>(f32Ptr(mOut, i), mi);
    store<f32>(f32Ptr(vOut, i), vi);
    store<f32>(f32Ptr(wOut, i), step * negativeLearningRate + load<f32>(f32Ptr(w, i)));
  }
}

// ---- GRU sequences (Keras' cell: reset gate before the recurrent product, hard-sigmoid gates) -----

// Sizes of the sequence, set by setGru: batch, time steps, units.
let gruBatch: i32, gruSteps: i32, gruUnits: i32, gruBackwards: bool;

export function setGru(batchSize: i32, steps: i32, units: i32, backwards: i32): void {
  gruBatch = batchSize;
  gruSteps = steps;
  gruUnits = units;
  gruBackwards = backwards != 0;
}

@inline function hardSigmoid(x: f32): f32 {
  return min<f32>(max<f32>(<f32>0.5 + <f32>0.2 * x, 0), 1);
}

/** out[0..n) += scale * row[0..n) */
@inline function axpy(out: usize, row: usize, n: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = f32Ptr(out, i);
    v128.store(o, f32x4.add(v128.load(o), f32x4.mul(v128.load(f32Ptr(row, i)), s)));
  }
  for (; i < n; i++) store<f32>(f32Ptr(out, i), load<f32>(f32Ptr(out, i)) + load<f32>(f32Ptr(row, i)) * scale);
}

/** sum a[i] * b[i] over [0, n) */
@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(f32Ptr(a, i)), v128.load(f32Ptr(b, i))));
  let sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) sum += load<f32>(f32Ptr(a, i)) * load<f32>(f32Ptr(b, i));
  return sum;
}

/**
 * A GRU over the whole sequence. xp [B, T, 3U]: the inputs' projections plus bias (gates z, r, h);
 * recurrent [U, 3U]; mask [B, T] (1 real token, 0 padding: the state is carried over). Writes the
 * last state to h [B, U] and, per processed step s, the state before it and the gates z, r and the
 * candidate hh (each [T, B, U]) for the backward pass. `inner`: B * 4U float32 scratch.
 */
export function gruForward(
  xp: usize, recurrent: usize, mask: usize, h: usize,
  hPrev: usize, z: usize, r: usize, hh: usize, inner: usize,
): void {
  const u = gruUnits;
  const u3 = 3 * u;
  const stepSize = gruBatch * u;
  memory.fill(h, 0, <usize>stepSize << 2);
  for (let s = 0; s < gruSteps; s++) {
    const t = gruBackwards ? gruSteps - 1 - s : s;
    memory.copy(f32Ptr(hPrev, s * stepSize), h, <usize>stepSize << 2);
    for (let b = 0; b < gruBatch; b++) {
      const hb = f32Ptr(h, b * u);
      const ib = f32Ptr(inner, b * 4 * u);
      // inner[b, 0:2U] = h[b] . recurrent[:, 0:2U]
      memory.fill(ib, 0, <usize>(2 * u) << 2);
      for (let k = 0; k < u; k++) axpy(ib, f32Ptr(recurrent, k * u3), 2 * u, load<f32>(f32Ptr(hb, k)));
      const xb = f32Ptr(xp, (b * gruSteps + t) * u3);
      const at = s * stepSize + b * u;
      // z, r, and r * h (kept in inner[b, 2U:3U])
      for (let j = 0; j < u; j++) {
        const zj = hardSigmoid(load<f32>(f32Ptr(xb, j)) + load<f32>(f32Ptr(ib, j)));
        const rj = hardSigmoid(load<f32>(f32Ptr(xb, u + j)) + load<f32>(f32Ptr(ib, u + j)));
        store<f32>(f32Ptr(z, at + j), zj);
        store<f32>(f32Ptr(r, at + j), rj);
        store<f32>(f32Ptr(ib, 2 * u + j), rj * load<f32>(f32Ptr(hb, j)));
      }
      const real = load<f32>(f32Ptr(mask, b * gruSteps + t)) != 0;
      // inner[b, 3U:4U] = (r * h) . recurrent[:, 2U:3U]
      const product = f32Ptr(ib, u3);
      memory.fill(product, 0, <usize>u << 2);
      for (let k = 0; k < u; k++) axpy(product, f32Ptr(recurrent, k * u3 + 2 * u), u, load<f32>(f32Ptr(ib, 2 * u + k)));
      for (let j = 0; j < u; j++) {
        const candidate = Mathf.tanh(load<f32>(f32Ptr(xb, 2 * u + j)) + load<f32>(f32Ptr(product, j)));
        store<f32>(f32Ptr(hh, at + j), candidate);
      }
      if (!real) continue;
      for (let j = 0; j < u; j++) {
        const zj = load<f32>(f32Ptr(z, at + j));
        const hj = load<f32>(f32Ptr(hb, j));
        store<f32>(f32Ptr(hb, j), zj * hj + (<f32>1 - zj) * load<f32>(f32Ptr(hh, at + j)));
      }
    }
  }
}

/**
 * Backpropagation through gruForward: from dh [B, U] (the last state's gradient) to dxp [B, T, 3U]
 * and dRecurrent [U, 3U]. `scratch`: 4 * U float32 values.
 */
export function gruBackward(
  dh: usize, recurrent: usize, mask: usize, hPrev: usize, z: usize, r: usize, hh: usize,
  dxp: usize, dRecurrent: usize, scratch: usize,
): void {
  const u = gruUnits;
  const u3 = 3 * u;
  const stepSize = gruBatch * u;
  const dGates = scratch; // [3U]: d(a_z), d(a_r), d(a_h) of one sample
  const dPrev = f32Ptr(scratch, u3); // [U]
  memory.fill(dRecurrent, 0, <usize>(u * u3) << 2);
  memory.fill(dxp, 0, <usize>(gruBatch * gruSteps * u3) << 2);
  for (let s = gruSteps - 1; s >= 0; s--) {
    const t = gruBackwards ? gruSteps - 1 - s : s;
    for (let b = 0; b < gruBatch; b++) {
      if (load<f32>(f32Ptr(mask, b * gruSteps + t)) == 0) continue; // the state passed through unchanged
      const at = s * stepSize + b * u;
      const db = f32Ptr(dh, b * u);
      for (let j = 0; j < u; j++) {
        const g = load<f32>(f32Ptr(db, j));
        const zj = load<f32>(f32Ptr(z, at + j));
        const hj = load<f32>(f32Ptr(hPrev, at + j));
        const hhj = load<f32>(f32Ptr(hh, at + j));
        const dz = g * (hj - hhj);
        store<f32>(f32Ptr(dGates, j), zj > 0 && zj < 1 ? dz * <f32>0.2 : 0);
        store<f32>(f32Ptr(dGates, 2 * u + j), g * (<f32>1 - zj) * (<f32>1 - hhj * hhj));
        store<f32>(f32Ptr(dPrev, j), g * zj);
      }
      // d(r * h)[j] = dA_h . recurrent[j, 2U:3U]; then dr and the direct path to h.
      for (let j = 0; j < u; j++) {
        const dRh = dot(f32Ptr(dGates, 2 * u), f32Ptr(recurrent, j * u3 + 2 * u), u);
        const rj = load<f32>(f32Ptr(r, at + j));
        const hj = load<f32>(f32Ptr(hPrev, at + j));
        const dr = dRh * hj;
        store<f32>(f32Ptr(dGates, u + j), rj > 0 && rj < 1 ? dr * <f32>0.2 : 0);
        store<f32>(f32Ptr(dPrev, j), load<f32>(f32Ptr(dPrev, j)) + dRh * rj);
      }
      // Through the gates' recurrent product: dh_prev[j] += dA_zr . recurrent[j, 0:2U].
      for (let j = 0; j < u; j++) {
        store<f32>(f32Ptr(dPrev, j), load<f32>(f32Ptr(dPrev, j)) + dot(dGates, f32Ptr(recurrent, j * u3), 2 * u));
      }
      // dRecurrent[j, 0:2U] += h_prev[j] dA_zr; dRecurrent[j, 2U:3U] += (r h_prev)[j] dA_h.
      for (let j = 0; j < u; j++) {
        const hj = load<f32>(f32Ptr(hPrev, at + j));
        axpy(f32Ptr(dRecurrent, j * u3), dGates, 2 * u, hj);
        axpy(f32Ptr(dRecurrent, j * u3 + 2 * u), f32Ptr(dGates, 2 * u), u, load<f32>(f32Ptr(r, at + j)) * hj);
      }
      memory.copy(f32Ptr(dxp, (b * gruSteps + t) * u3), dGates, <usize>u3 << 2);
      memory.copy(db, dPrev, <usize>u << 2);
    }
  }
}

// ---- reductions over leading axes (a tensor seen as [rows, cols]) --------------------------------

/** out[c] = scale * sum over rows of x[r, c]. `acc`: cols float64 scratch values. */
export function sumRows(x: usize, rows: i32, cols: i32, scale: f64, out: usize, acc: usize): void {
  columnSums(x, rows, cols, acc);
  for (let c = 0; c < cols; c++) store<f32>(f32Ptr(out, c), <f32>(load<f64>(f64Ptr(acc, c)) * scale));
}

/** Per-column mean and (biased) variance, two passes. `acc`: cols float64 scratch values. */
export function moments(x: usize, rows: i32, cols: i32, mean: usize, variance: usize, acc: usize): void {
  columnSums(x, rows, cols, acc);
  for (let c = 0; c < cols; c++) store<f32>(f32Ptr(mean, c), <f32>(load<f64>(f64Ptr(acc, c)) / <f64>rows));
  memory.fill(acc, 0, <usize>cols << 3);
  const vectorCols = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = f32Ptr(x, r * cols);
    let c = 0;
    for (; c < vectorCols; c += 4) {
      const d = f32x4.sub(v128.load(f32Ptr(row, c)), v128.load(f32Ptr(mean, c)));
      accumulate4(f64Ptr(acc, c), f32x4.mul(d, d));
    }
    for (; c < cols; c++) {
      const d = load<f32>(f32Ptr(row, c)) - load<f32>(f32Ptr(mean, c));
      store<f64>(f64Ptr(acc, c), load<f64>(f64Ptr(acc, c)) + <f64>(d * d));
    }
  }
  for (let c = 0; c < cols; c++) store<f32>(f32Ptr(variance, c), <f32>(load<f64>(f64Ptr(acc, c)) / <f64>rows));
}

/**
 * Gradient of (mean, variance) = moments(x): dx = dMean / N + dVariance * 2 (x - mean) / N, as
 * dx = offset[c] + slope[c] * x. `coefficients`: 2 * cols float32 scratch values.
 */
export function momentsGrad(
  x: usize,
  mean: usize,
  dMean: usize,
  dVariance: usize,
  rows: i32,
  cols: i32,
  dx: usize,
  coefficients: usize,
): void {
  const slope = coefficients;
  const offset = f32Ptr(coefficients, cols);
  for (let c = 0; c < cols; c++) {
    const s = (2 * <f64>load<f32>(f32Ptr(dVariance, c))) / <f64>rows;
    store<f32>(f32Ptr(slope, c), <f32>s);
    store<f32>(f32Ptr(offset, c), <f32>(<f64>load<f32>(f32Ptr(dMean, c)) / <f64>rows - s * <f64>load<f32>(f32Ptr(mean, c))));
  }
  const vectorCols = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let c = 0;
    for (; c < vectorCols; c += 4) {
      const v = f32x4.add(v128.load(f32Ptr(offset, c)), f32x4.mul(v128.load(f32Ptr(slope, c)), v128.load(f32Ptr(x, row + c))));
      v128.store(f32Ptr(dx, row + c), v);
    }
    for (; c < cols; c++) {
      store<f32>(f32Ptr(dx, row + c), load<f32>(f32Ptr(offset, c)) + load<f32>(f32Ptr(slope, c)) * load<f32>(f32Ptr(x, row + c)));
    }
  }
}

/**
 * Batch normalisation with per-channel statistics: out = (x - mean) * scale / sqrt(variance + eps)
 * + offset. `scale`/`offset` 0 mean 1 and 0. `coefficients`: 2 * cols float32 scratch values.
 */
export function batchNorm(
  x: usize,
  mean: usize,
  variance: usize,
  offset: usize,
  scale: usize,
  rows: i32,
  cols: i32,
  epsilon: f32,
  out: usize,
  coefficients: usize,
): void {
  // out = x * gain + shift, with gain = scale / sqrt(variance + eps), shift = offset - mean * gain.
  const gain = coefficients;
  const shift = f32Ptr(coefficients, cols);
  for (let c = 0; c < cols; c++) {
    const g = (scale ? load<f32>(f32Ptr(scale, c)) : 1) / Mathf.sqrt(load<f32>(f32Ptr(variance, c)) + epsilon);
    store<f32>(f32Ptr(gain, c), g);
    store<f32>(f32Ptr(shift, c), (offset ? load<f32>(f32Ptr(offset, c)) : 0) - load<f32>(f32Ptr(mean, c)) * g);
  }
  const vectorCols = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let c = 0;
    for (; c < vectorCols; c += 4) {
      const v = f32x4.add(f32x4.mul(v128.load(f32Ptr(x, row + c)), v128.load(f32Ptr(gain, c))), v128.load(f32Ptr(shift, c)));
      v128.store(f32Ptr(out, row + c), v);
    }
    for (; c < cols; c++) {
      store<f32>(f32Ptr(out, row + c), load<f32>(f32Ptr(x, row + c)) * load<f32>(f32Ptr(gain, c)) + load<f32>(f32Ptr(shift, c)));
    }
  }
}

/**
 * All five gradients of batch normalisation with per-channel statistics, in one pass over dy and x.
 * `scale` 0 means 1. `scratch`: 2 * cols float64 values, then cols float32 values.
 */
export function batchNormGrad(
  dy: usize,
  x: usize,
  mean: usize,
  variance: usize,
  scale: usize,
  rows: i32,
  cols: i32,
  epsilon: f64,
  dx: usize,
  dMean: usize,
  dVariance: usize,
  dScale: usize,
  dOffset: usize,
  scratch: usize,
): void {
  const sumDy = scratch;
  const sumDyCentered = f64Ptr(scratch, cols);
  const gain = f64Ptr(scratch, 2 * cols);
  memory.fill(scratch, 0, <usize>cols << 4);
  for (let c = 0; c < cols; c++) {
    const inverseStd = 1 / Math.sqrt(<f64>load<f32>(f32Ptr(variance, c)) + epsilon);
    store<f32>(f32Ptr(gain, c), <f32>((scale ? <f64>load<f32>(f32Ptr(scale, c)) : 1) * inverseStd));
  }
  const vectorCols = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let c = 0;
    for (; c < vectorCols; c += 4) {
      const g = v128.load(f32Ptr(dy, row + c));
      const centered = f32x4.sub(v128.load(f32Ptr(x, row + c)), v128.load(f32Ptr(mean, c)));
      v128.store(f32Ptr(dx, row + c), f32x4.mul(g, v128.load(f32Ptr(gain, c))));
      accumulate4(f64Ptr(sumDy, c), g);
      accumulate4(f64Ptr(sumDyCentered, c), f32x4.mul(g, centered));
    }
    for (; c < cols; c++) {
      const g = load<f32>(f32Ptr(dy, row + c));
      const centered = load<f32>(f32Ptr(x, row + c)) - load<f32>(f32Ptr(mean, c));
      store<f32>(f32Ptr(dx, row + c), g * load<f32>(f32Ptr(gain, c)));
      store<f64>(f64Ptr(sumDy, c), load<f64>(f64Ptr(sumDy, c)) + <f64>g);
      store<f64>(f64Ptr(sumDyCentered, c), load<f64>(f64Ptr(sumDyCentered, c)) + <f64>(g * centered));
    }
  }
  for (let c = 0; c < cols; c++) {
    const inverseStd = 1 / Math.sqrt(<f64>load<f32>(f32Ptr(variance, c)) + epsilon);
    const g = <f64>load<f32>(f32Ptr(gain, c));
    const s = load<f64>(f64Ptr(sumDy, c));
    const sc = load<f64>(f64Ptr(sumDyCentered, c));
    store<f32>(f32Ptr(dMean, c), <f32>(-s * g));
    store<f32>(f32Ptr(dVariance, c), <f32>(-0.5 * sc * g * inverseStd * inverseStd));
    store<f32>(f32Ptr(dScale, c), <f32>(sc * inverseStd));
    store<f32>(f32Ptr(dOffset, c), <f32>s);
  }
}

// ---- convolution patches (NHWC) -----------------------------------------------------------------

// Geometry of a 2-D convolution, set once per call by setGeometry (too many values for one signature).
let batch: i32, inHeight: i32, inWidth: i32, inChannels: i32, outHeight: i32, outWidth: i32;
let strideHeight: i32, strideWidth: i32, dilationHeight: i32, dilationWidth: i32;
let filterHeight: i32, filterWidth: i32, padTop: i32, padLeft: i32;

export function setGeometry(
  batchSize: i32,
  inH: i32,
  inW: i32,
  inC: i32,
  outH: i32,
  outW: i32,
  strideH: i32,
  strideW: i32,
  dilationH: i32,
  dilationW: i32,
  filterH: i32,
  filterW: i32,
  top: i32,
  left: i32,
): void {
  batch = batchSize;
  inHeight = inH;
  inWidth = inW;
  inChannels = inC;
  outHeight = outH;
  outWidth = outW;
  strideHeight = strideH;
  strideWidth = strideW;
  dilationHeight = dilationH;
  dilationWidth = dilationW;
  filterHeight = filterH;
  filterWidth = filterW;
  padTop = top;
  padLeft = left;
}

/** The 4x4 transpose of rows v0..v3 (as i32 lanes): returns row `lane` of the transpose. */
@inline function transposeRow(v0: v128, v1: v128, v2: v128, v3: v128, lane: i32): v128 {
  // t01 interleaves v0 and v1, t23 interleaves v2 and v3; row i of the transpose is
  // (v0[i], v1[i], v2[i], v3[i]).
  if (lane < 2) {
    const t01 = v128.shuffle<i32>(v0, v1, 0, 4, 1, 5);
    const t23 = v128.shuffle<i32>(v2, v3, 0, 4, 1, 5);
    return lane == 0 ? v128.shuffle<i32>(t01, t23, 0, 1, 4, 5) : v128.shuffle<i32>(t01, t23, 2, 3, 6, 7);
  }
  const t01 = v128.shuffle<i32>(v0, v1, 2, 6, 3, 7);
  const t23 = v128.shuffle<i32>(v2, v3, 2, 6, 3, 7);
  return lane == 2 ? v128.shuffle<i32>(t01, t23, 0, 1, 4, 5) : v128.shuffle<i32>(t01, t23, 2, 3, 6, 7);
}

/**
 * The transposed im2col matrix [K, M] (K = filterHeight * filterWidth * inChannels rows, one
 * column per output position) of the output rows firstRow .. firstRow + rows - 1 (an output row is
 * one (image, oy) pair, so M = rows * outWidth), one output row at a time so the input rows it
 * reads stay in cache. Inside the image, four neighbouring output positions are done together:
 * four channel vectors are read contiguously and written, transposed, as one 4-wide store per row
 * of `cols`.
 */
export function im2colTransposed(x: usize, cols: usize, firstRow: i32, rows: i32): void {
  const positions = rows * outWidth;
  const rowBytes = <usize>positions << 2;
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  const vectorChannels = inChannels & ~3;
  const positionStep = <usize>(strideWidth * inChannels) << 2;
  for (let row = firstRow; row < firstRow + rows; row++) {
    const b = row / outHeight;
    const oy = row % outHeight;
    {
      const column = (row - firstRow) * outWidth;
      let k = 0;
      for (let fy = 0; fy < filterHeight; fy++) {
        const iy = oy * strideHeight + fy * dilationHeight - padTop;
        const inside = iy >= 0 && iy < inHeight;
        const rowBase = b * imageStride + iy * rowStride;
        for (let fx = 0; fx < filterWidth; fx++, k += inChannels) {
          const ix0 = fx * dilationWidth - padLeft;
          const first = f32Ptr(cols, k * positions + column);
          if (!inside) {
            for (let c = 0; c < inChannels; c++) memory.fill(first + <usize>c * rowBytes, 0, <usize>outWidth << 2);
            continue;
          }
          if (ix0 >= 0 && ix0 + (outWidth - 1) * strideWidth < inWidth) {
            // Every position of this output row reads inside the image (always so with 'valid').
            const source = f32Ptr(x, rowBase + ix0 * inChannels);
            let ox = 0;
            for (; ox + 4 <= outWidth; ox += 4) {
              const p0 = source + <usize>ox * positionStep;
              const p1 = p0 + positionStep;
              const p2 = p1 + positionStep;
              const p3 = p2 + positionStep;
              const out = first + (<usize>ox << 2);
              let c = 0;
              for (; c < vectorChannels; c += 4) {
                const offset = <usize>c << 2;
                const v0 = v128.load(p0 + offset);
                const v1 = v128.load(p1 + offset);
                const v2 = v128.load(p2 + offset);
                const v3 = v128.load(p3 + offset);
                const row = out + <usize>c * rowBytes;
                v128.store(row, transposeRow(v0, v1, v2, v3, 0));
                v128.store(row + rowBytes, transposeRow(v0, v1, v2, v3, 1));
                v128.store(row + 2 * rowBytes, transposeRow(v0, v1, v2, v3, 2));
                v128.store(row + 3 * rowBytes, transposeRow(v0, v1, v2, v3, 3));
              }
              for (; c < inChannels; c++) {
                const offset = <usize>c << 2;
                const row = out + <usize>c * rowBytes;
                store<f32>(row, load<f32>(p0 + offset));
                store<f32>(row + 4, load<f32>(p1 + offset));
                store<f32>(row + 8, load<f32>(p2 + offset));
                store<f32>(row + 12, load<f32>(p3 + offset));
              }
            }
            for (; ox < outWidth; ox++) {
              const from = source + <usize>ox * positionStep;
              for (let c = 0; c < inChannels; c++) {
                store<f32>(first + <usize>c * rowBytes + (<usize>ox << 2), load<f32>(from + (<usize>c << 2)));
              }
            }
            continue;
          }
          for (let c = 0; c < inChannels; c++) {
            const out = first + <usize>c * rowBytes;
            for (let ox = 0; ox < outWidth; ox++) {
              const ix = ix0 + ox * strideWidth;
              const v: f32 = ix >= 0 && ix < inWidth ? load<f32>(f32Ptr(x, rowBase + ix * inChannels + c)) : 0;
              store<f32>(out + (<usize>ox << 2), v);
            }
          }
        }
      }
    }
  }
}

/** dst[0..n) += src[0..n) */
@inline function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = f32Ptr(dst, i);
    v128.store(d, f32x4.add(v128.load(d), v128.load(f32Ptr(src, i))));
  }
  for (; i < n; i++) {
    const d = f32Ptr(dst, i);
    store<f32>(d, load<f32>(d) + load<f32>(f32Ptr(src, i)));
  }
}

/** dst[0..n) += src[0..n) (partial products summed in place). */
export function addInto(dst: usize, src: usize, n: i32): void {
  addRun(dst, src, n);
}

/** Zeroes `bytes` bytes at `dst`. */
export function fillZero(dst: usize, bytes: i32): void {
  memory.fill(dst, 0, <usize>bytes);
}

/**
 * Adds each column of `cols` ([M, K] row-major, the patches of output rows firstRow ..
 * firstRow + rows - 1, M = rows * outWidth) back onto the input pixel it came from (col2im); dx
 * must be zeroed before the first call.
 */
export function col2imAdd(cols: usize, dx: usize, firstRow: i32, rows: i32): void {
  const k = filterHeight * filterWidth * inChannels;
  let col = 0;
  for (let row = firstRow; row < firstRow + rows; row++) {
    const b = row / outHeight;
    const oy = row % outHeight;
    const imageBase = b * inHeight * inWidth * inChannels;
    {
      for (let ox = 0; ox < outWidth; ox++, col += k) {
        let offset = col;
        const ix0 = ox * strideWidth - padLeft;
        const wholeRow = dilationWidth == 1 && ix0 >= 0 && ix0 + filterWidth <= inWidth;
        for (let fy = 0; fy < filterHeight; fy++) {
          const iy = oy * strideHeight + fy * dilationHeight - padTop;
          if (iy < 0 || iy >= inHeight) {
            offset += filterWidth * inChannels;
            continue;
          }
          if (wholeRow) {
            // The patch row is one contiguous run of filterWidth * inChannels values in dx.
            addRun(f32Ptr(dx, imageBase + (iy * inWidth + ix0) * inChannels), f32Ptr(cols, offset), filterWidth * inChannels);
            offset += filterWidth * inChannels;
            continue;
          }
          for (let fx = 0; fx < filterWidth; fx++, offset += inChannels) {
            const ix = ix0 + fx * dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            addRun(f32Ptr(dx, imageBase + (iy * inWidth + ix) * inChannels), f32Ptr(cols, offset), inChannels);
          }
        }
      }
    }
  }
}

/** dst[0..n) += scale * src[0..n) */
@inline function addScaledRun(dst: usize, src: usize, n: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d = f32Ptr(dst, i);
    v128.store(d, f32x4.add(v128.load(d), f32x4.mul(v128.load(f32Ptr(src, i)), s)));
  }
  for (; i < n; i++) {
    const d = f32Ptr(dst, i);
    store<f32>(d, load<f32>(d) + load<f32>(f32Ptr(src, i)) * scale);
  }
}

// The window of one pooling output clipped to the image, set by clipWindow (four values).
let yLow: i32, yHigh: i32, xLow: i32, xHigh: i32;

@inline function clipWindow(oy: i32, ox: i32): void {
  const y0 = oy * strideHeight - padTop;
  const x0 = ox * strideWidth - padLeft;
  yLow = max(y0, 0);
  yHigh = min(y0 + filterHeight, inHeight);
  xLow = max(x0, 0);
  xHigh = min(x0 + filterWidth, inWidth);
}

/**
 * Average pooling's gradient (the geometry's channels are the pooled channels): each output's dy is
 * spread evenly over the input pixels its window covered inside the image, i.e. divided by the
 * count the forward pass averaged over. Padding is never counted, as in TensorFlow's AvgPoolGrad
 * (tfjs's own kernels divide by the whole window, wrong at the borders with 'same' padding).
 */
export function avgPoolGrad(dy: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(batch * inHeight * inWidth * inChannels) << 2);
  let out = 0;
  for (let b = 0; b < batch; b++) {
    const imageBase = b * inHeight * inWidth * inChannels;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, out += inChannels) {
        clipWindow(oy, ox);
        const count = (yHigh - yLow) * (xHigh - xLow);
        if (count <= 0) continue;
        const scale = <f32>1 / <f32>count;
        for (let iy = yLow; iy < yHigh; iy++) {
          for (let ix = xLow; ix < xHigh; ix++) {
            addScaledRun(f32Ptr(dx, imageBase + (iy * inWidth + ix) * inChannels), f32Ptr(dy, out), inChannels, scale);
          }
        }
      }
    }
  }
}

/**
 * Max pooling's gradient: each output's dy goes to the first largest input of its window (in row
 * order, as TensorFlow and PyTorch choose), found four channels at a time; windows that overlap
 * add up. Pixels outside the image (with 'same' padding) are never chosen.
 */
export function maxPoolGrad(x: usize, dy: usize, dx: usize): void {
  memory.fill(dx, 0, <usize>(batch * inHeight * inWidth * inChannels) << 2);
  const vectorChannels = inChannels & ~3;
  let out = 0;
  for (let b = 0; b < batch; b++) {
    const imageBase = b * inHeight * inWidth * inChannels;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, out += inChannels) {
        clipWindow(oy, ox);
        if (yLow >= yHigh || xLow >= xHigh) continue;
        const first = imageBase + (yLow * inWidth + xLow) * inChannels;
        let c = 0;
        for (; c < vectorChannels; c += 4) {
          // Per lane: the largest value so far and the pixel offset (in floats) where it was.
          let best = v128.load(f32Ptr(x, first + c));
          let where = i32x4.splat(first + c);
          for (let iy = yLow; iy < yHigh; iy++) {
            for (let ix = xLow; ix < xHigh; ix++) {
              const at = imageBase + (iy * inWidth + ix) * inChannels + c;
              const v = v128.load(f32Ptr(x, at));
              const larger = f32x4.gt(v, best);
              best = v128.bitselect(v, best, larger);
              where = v128.bitselect(i32x4.splat(at), where, larger);
            }
          }
          const g = v128.load(f32Ptr(dy, out + c));
          const p0 = f32Ptr(dx, i32x4.extract_lane(where, 0));
          store<f32>(p0, load<f32>(p0) + f32x4.extract_lane(g, 0));
          const p1 = f32Ptr(dx, i32x4.extract_lane(where, 1) + 1);
          store<f32>(p1, load<f32>(p1) + f32x4.extract_lane(g, 1));
          const p2 = f32Ptr(dx, i32x4.extract_lane(where, 2) + 2);
          store<f32>(p2, load<f32>(p2) + f32x4.extract_lane(g, 2));
          const p3 = f32Ptr(dx, i32x4.extract_lane(where, 3) + 3);
          store<f32>(p3, load<f32>(p3) + f32x4.extract_lane(g, 3));
        }
        for (; c < inChannels; c++) {
          let best = load<f32>(f32Ptr(x, first + c));
          let where = first + c;
          for (let iy = yLow; iy < yHigh; iy++) {
            for (let ix = xLow; ix < xHigh; ix++) {
              const at = imageBase + (iy * inWidth + ix) * inChannels + c;
              const v = load<f32>(f32Ptr(x, at));
              if (v > best) {
                best = v;
                where = at;
              }
            }
          }
          const p = f32Ptr(dx, where);
          store<f32>(p, load<f32>(p) + load<f32>(f32Ptr(dy, out + c)));
        }
      }
    }
  }
}

// ---- copies of strided runs (concat, split) -----------------------------------------------------

/** Copies `rows` runs of `runBytes` bytes, each `srcStride`/`dstStride` bytes after the previous. */
export function copyRuns(src: usize, srcStride: i32, dst: usize, dstStride: i32, rows: i32, runBytes: i32): void {
  if (srcStride == runBytes && dstStride == runBytes) {
    memory.copy(dst, src, <usize>rows * <usize>runBytes);
    return;
  }
  for (let r = 0; r < rows; r++) {
    memory.copy(dst + <usize>r * <usize>dstStride, src + <usize>r * <usize>srcStride, <usize>runBytes);
  }
}
