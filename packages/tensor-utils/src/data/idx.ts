// IDX reader and writer (the MNIST file format). Layout: two zero bytes, a dtype code, the number
// of dimensions, one big-endian uint32 per dimension, then the big-endian payload in row-major order.
// Every length is checked against the header so a truncated download fails loudly instead of
// producing a silently short dataset.
import type { FileHandle } from 'node:fs/promises';
import { openForReading, readExactly } from './files.js';

export type IdxDtype = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** What an IDX header declares: element type and shape. */
export interface IdxHeader {
  dtype: IdxDtype;
  shape: number[];
  /** Bytes before the payload: 4 + 4 * shape.length. */
  headerLength: number;
}

/** A decoded IDX file; `data` is row-major with `product(shape)` elements. */
export interface IdxTensor {
  dtype: IdxDtype;
  shape: number[];
  data: IdxArray;
}

interface DtypeInfo {
  code: number;
  itemSize: number;
  create: (length: number) => IdxArray;
  read: (view: DataView, offset: number) => number;
  write: (view: DataView, offset: number, value: number) => void;
}

// IDX is big-endian, hence `false` for every DataView access.
const DTYPES: Record<IdxDtype, DtypeInfo> = {
  ubyte: {
    code: 0x08,
    itemSize: 1,
    create: (n) => new Uint8Array(n),
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x),
  },
  byte: {
    code: 0x09,
    itemSize: 1,
    create: (n) => new Int8Array(n),
    read: (v, o) => v.getInt8(o),
    write: (v, o, x) => v.setInt8(o, x),
  },
  short: {
    code: 0x0b,
    itemSize: 2,
    create: (n) => new Int16Array(n),
    read: (v, o) => v.getInt16(o, false),
    write: (v, o, x) => v.setInt16(o, x, false),
  },
  int: {
    code: 0x0c,
    itemSize: 4,
    create: (n) => new Int32Array(n),
    read: (v, o) => v.getInt32(o, false),
    write: (v, o, x) => v.setInt32(o, x, false),
  },
  float: {
    code: 0x0d,
    itemSize: 4,
    create: (n) => new Float32Array(n),
    read: (v, o) => v.getFloat32(o, false),
    write: (v, o, x) => v.setFloat32(o, x, false),
  },
  double: {
    code: 0x0e,
    itemSize: 8,
    create: (n) => new Float64Array(n),
    read: (v, o) => v.getFloat64(o, false),
    write: (v, o, x) => v.setFloat64(o, x, false),
  },
};

const DTYPE_BY_CODE = new Map(Object.entries(DTYPES).map(([dtype, info]) => [info.code, dtype as IdxDtype]));

const KNOWN_CODES = Object.entries(DTYPES)
  .map(([dtype, info]) => `0x${hex(info.code)} ${dtype}`)
  .join(', ');

// The header is at most 4 + 4 * 255 bytes, since the dimension count is a single byte.
const MAX_HEADER_LENGTH = 4 + 4 * 255;

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Parses and validates the header at the start of `bytes` (which may hold only a prefix of the file). */
function parseHeader(bytes: Uint8Array, name: string): IdxHeader {
  if (bytes.length < 4) {
    throw new Error(`${name}: too short for an IDX file: expected at least 4 header bytes, got ${bytes.length}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(
      `${name}: not an IDX file: magic number must start with bytes 0x00 0x00, ` +
        `got 0x${hex(bytes[0])} 0x${hex(bytes[1])}`,
    );
  }
  const dtype = DTYPE_BY_CODE.get(bytes[2]);
  if (dtype === undefined) {
    throw new Error(`${name}: unknown IDX dtype code 0x${hex(bytes[2])}; expected one of ${KNOWN_CODES}`);
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new Error(`${name}: IDX header declares 0 dimensions; expected at least 1`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw new Error(
      `${name}: truncated IDX header: ${ndims} dimensions need ${headerLength} header bytes, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerLength);
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dtype, shape, headerLength };
}

/** Total file length the header implies; throws if it cannot be a real file. */
function expectedFileLength(header: IdxHeader, name: string): number {
  const length = header.headerLength + product(header.shape) * DTYPES[header.dtype].itemSize;
  if (!Number.isSafeInteger(length)) {
    throw new Error(`${name}: IDX shape [${header.shape.join(', ')}] is too large to be a real file`);
  }
  return length;
}

function checkFileLength(header: IdxHeader, actual: number, name: string): void {
  const expected = expectedFileLength(header, name);
  if (actual === expected) return;
  const kind = actual < expected ? 'truncated' : 'oversized';
  const { itemSize } = DTYPES[header.dtype];
  throw new Error(
    `${name}: ${kind} IDX file: expected ${expected} bytes (${header.headerLength}-byte header + ` +
      `${product(header.shape)} x ${itemSize}-byte ${header.dtype} for shape [${header.shape.join(', ')}]), ` +
      `got ${actual}`,
  );
}

/** Decodes `count` big-endian elements starting at `offset` into a fresh array (never a view of `bytes`). */
function decodePayload(bytes: Uint8Array, offset: number, dtype: IdxDtype, count: number): IdxArray {
  const info = DTYPES[dtype];
  if (dtype === 'ubyte') return new Uint8Array(bytes.subarray(offset, offset + count));
  const out = info.create(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * info.itemSize);
  for (let i = 0; i < count; i++) out[i] = info.read(view, i * info.itemSize);
  return out;
}

/**
 * Parses a whole IDX file held in memory. `name` (usually the path) prefixes every error message.
 * The returned data is a copy, so it stays valid if `bytes` is reused.
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxTensor {
  const header = parseHeader(bytes, name);
  checkFileLength(header, bytes.length, name);
  const data = decodePayload(bytes, header.headerLength, header.dtype, product(header.shape));
  return { dtype: header.dtype, shape: header.shape, data };
}

/** Encodes an IDX file, e.g. to export a dataset or to build test fixtures. */
export function encodeIdx(tensor: { dtype: IdxDtype; shape: readonly number[]; data: ArrayLike<number> }): Uint8Array {
  const { dtype, shape, data } = tensor;
  const info = DTYPES[dtype];
  if (info === undefined) throw new Error(`encodeIdx: unknown dtype ${String(dtype)}; expected ${KNOWN_CODES}`);
  if (shape.length < 1 || shape.length > 255) {
    throw new RangeError(`encodeIdx: shape must have 1 to 255 dimensions; got ${shape.length}`);
  }
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0 || dim > 0xffffffff) {
      throw new RangeError(`encodeIdx: every dimension must be an integer in 0..2^32-1; got [${shape.join(', ')}]`);
    }
  }
  const count = product(shape);
  if (data.length !== count) {
    throw new RangeError(`encodeIdx: shape [${shape.join(', ')}] needs ${count} elements; data has ${data.length}`);
  }
  const headerLength = 4 + 4 * shape.length;
  const bytes = new Uint8Array(headerLength + count * info.itemSize);
  const view = new DataView(bytes.buffer);
  bytes[2] = info.code;
  bytes[3] = shape.length;
  for (const [i, dim] of shape.entries()) view.setUint32(4 + 4 * i, dim, false);
  for (let i = 0; i < count; i++) info.write(view, headerLength + i * info.itemSize, data[i]);
  return bytes;
}

/** Reads the header of an open IDX file and checks the file length against it. */
async function readCheckedHeader(handle: FileHandle, path: string): Promise<IdxHeader> {
  const { size } = await handle.stat();
  const header = parseHeader(await readExactly(handle, 0, Math.min(size, MAX_HEADER_LENGTH), path), path);
  checkFileLength(header, size, path);
  return header;
}

/** Reads and validates only the header of an IDX file, e.g. to count its rows without reading them. */
export async function readIdxHeader(path: string): Promise<IdxHeader> {
  const handle = await openForReading(path, 'IDX file');
  try {
    return await readCheckedHeader(handle, path);
  } finally {
    await handle.close();
  }
}

export interface ReadIdxOptions {
  /** Read at most this many entries along the first dimension; the rest of the file is not read. */
  limit?: number;
}

/**
 * Reads an IDX file from disk. The full length is always checked against the header, but with
 * `limit` only the first rows are read, so a quick look at a large file stays quick.
 */
export async function readIdxFile(path: string, options: ReadIdxOptions = {}): Promise<IdxTensor> {
  const { limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`readIdxFile: limit must be an integer >= 0; got ${limit}`);
  }
  const handle = await openForReading(path, 'IDX file');
  try {
    const header = await readCheckedHeader(handle, path);
    const [rows, ...rowShape] = header.shape;
    const keptRows = limit === undefined ? rows : Math.min(rows, limit);
    const count = keptRows * product(rowShape);
    const payload = await readExactly(handle, header.headerLength, count * DTYPES[header.dtype].itemSize, path);
    return {
      dtype: header.dtype,
      shape: [keptRows, ...rowShape],
      data: decodePayload(payload, 0, header.dtype, count),
    };
  } finally {
    await handle.close();
  }
}
