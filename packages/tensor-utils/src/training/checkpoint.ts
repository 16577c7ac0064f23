// Checkpoints that survive crashes and resume bit for bit. Each checkpoint is a directory
// `step-000000123/` holding `manifest.json` (step, tensor names, shapes, dtypes, byte offsets, a
// checksum and the caller's JSON state) and `tensors.bin` (the raw tensor bytes, back to back). The
// directory appears atomically and only then does `latest.json` move to it, so a crash or an error
// at any point leaves the previous checkpoint as the latest one.
import { createHash, randomBytes } from 'node:crypto';
import { type Dirent, promises as fs } from 'node:fs';
import { endianness } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeDirectoryAtomic, writeFileAtomic } from '../fs/atomic.js';
import * as tf from '../tf.js';

const FORMAT = 'hw7-checkpoint';
const FORMAT_VERSION = 1;
const MANIFEST_FILE = 'manifest.json';
const TENSORS_FILE = 'tensors.bin';
const LATEST_FILE = 'latest.json';
const DIRECTORY_PATTERN = /^step-(\d+)$/;
const BYTES_PER_ELEMENT = { float32: 4, int32: 4, bool: 1 } as const;

/**
 * tfjs Adam keeps beta1^t and beta2^t in these variables, which `getWeights()` omits; its
 * `setWeights()` recomputes them with `pow()`, which differs in the last float32 bits from the
 * product accumulated during training, so a resumed run would drift. They are saved explicitly.
 */
const BETA_POWER_FIELDS = ['accBeta1', 'accBeta2'] as const;
type BetaPowerField = (typeof BETA_POWER_FIELDS)[number];

/** A checkpoint that is missing, corrupt, or does not match what it is restored into. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** What a checkpoint holds tensors for; the same shape is passed to `restore`, possibly a subset. */
export interface CheckpointTargets {
  models?: Record<string, tf.LayersModel>;
  variables?: Record<string, tf.Variable>;
  optimizers?: Record<string, tf.Optimizer>;
}

export interface CheckpointContents extends CheckpointTargets {
  /** The number of completed training steps. */
  step: number;
  /** Anything JSON-serialisable: rng states, early-stopping state, the epoch... */
  state?: unknown;
}

export interface CheckpointInfo {
  step: number;
  path: string;
}

export interface RestoredCheckpoint<State = unknown> {
  step: number;
  /** The `state` given to `save`, or null if there was none. */
  state: State;
  path: string;
}

export interface CheckpointManagerOptions {
  /** How many checkpoints to keep on disk, the latest included (default 3). */
  keep?: number;
}

type StoredDtype = keyof typeof BYTES_PER_ELEMENT;
type TensorGroup = 'model' | 'variable' | 'optimizer' | 'betaPower';
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface TensorRecord {
  group: TensorGroup;
  /** The key in `models`, `variables` or `optimizers`. */
  owner: string;
  /** `owner/name-within-owner`, as shown in errors. */
  name: string;
  dtype: StoredDtype;
  shape: number[];
  offset: number;
  byteLength: number;
}

interface Manifest {
  format: typeof FORMAT;
  version: number;
  step: number;
  createdAt: string;
  /** The byte order of tensors.bin: the writing machine's. */
  byteOrder: 'LE' | 'BE';
  /** Listed separately from the tensors because a model can have no weights. */
  models: string[];
  optimizers: Record<string, { className: string }>;
  tensors: TensorRecord[];
  tensorsByteLength: number;
  tensorsSha256: string;
  state: unknown;
}

interface PendingTensor {
  group: TensorGroup;
  owner: string;
  localName: string;
  tensor: tf.Tensor;
}

function checkpointDirectoryName(step: number): string {
  return `step-${String(step).padStart(9, '0')}`;
}

function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.join(',')}]`;
}

function localName(record: TensorRecord): string {
  return record.name.slice(record.owner.length + 1);
}

/** Weights are matched by position; the last name segment ('kernel', 'bias', 'm'...) catches misalignment. */
function weightRole(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function betaPowers(optimizer: tf.Optimizer): Partial<Record<BetaPowerField, tf.Variable>> {
  const fields = optimizer as unknown as Record<string, unknown>;
  const powers: Partial<Record<BetaPowerField, tf.Variable>> = {};
  for (const field of BETA_POWER_FIELDS) {
    const value = fields[field];
    if (value instanceof tf.Variable) powers[field] = value;
  }
  return powers;
}

/** Optimizers return fresh tensors (the iteration count) alongside their own variables. */
function disposeNonVariables(weights: NamedTensor[]): void {
  for (const { tensor } of weights) if (!(tensor instanceof tf.Variable)) tensor.dispose();
}

async function optimizerWeights(key: string, optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  try {
    return await optimizer.getWeights();
  } catch (error) {
    throw new CheckpointError(
      `optimizer '${key}' (${optimizer.getClassName()}) cannot be checkpointed: ${(error as Error).message}`,
    );
  }
}

function assertJsonValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertJsonValue(item, `${path}[${index}]`);
    return;
  }
  const prototype = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, item] of Object.entries(value as object)) assertJsonValue(item, `${path}.${key}`);
    return;
  }
  const description = typeof value === 'object' ? `a ${value.constructor?.name ?? 'non-plain object'}` : String(value);
  throw new TypeError(
    `${path} is ${description}; checkpoint state must be JSON data (plain objects, arrays, strings, finite numbers, ` +
      'booleans, null)',
  );
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

/** Moves a directory out of the way before deleting it, so a crash mid-delete never leaves a half checkpoint. */
async function removeDirectory(path: string): Promise<void> {
  const discarded = join(dirname(path), `.${basename(path)}.discarded-${randomBytes(4).toString('hex')}`);
  await fs.rename(path, discarded);
  await fs.rm(discarded, { recursive: true, force: true });
}

function invalidManifest(path: string, problem: string): never {
  throw new CheckpointError(`checkpoint ${path} has an invalid ${MANIFEST_FILE}: ${problem}`);
}

function missingTarget(path: string, kind: string, key: string, present: string[]): never {
  const has = present.length > 0 ? present.join(', ') : 'none';
  throw new CheckpointError(`checkpoint ${path} has no ${kind} '${key}' (it has: ${has})`);
}

function validateManifest(value: unknown, path: string): Manifest {
  if (typeof value !== 'object' || value === null) invalidManifest(path, 'not an object');
  const manifest = value as Manifest;
  if (manifest.format !== FORMAT) invalidManifest(path, `format is ${String(manifest.format)}, expected ${FORMAT}`);
  if (manifest.version !== FORMAT_VERSION) {
    invalidManifest(path, `version ${String(manifest.version)} is not supported (expected ${FORMAT_VERSION})`);
  }
  if (manifest.byteOrder !== endianness()) {
    invalidManifest(path, `byte order ${String(manifest.byteOrder)} differs from this machine's (${endianness()})`);
  }
  if (!Array.isArray(manifest.tensors) || !Array.isArray(manifest.models)) {
    invalidManifest(path, 'tensors or models is not a list');
  }
  if (typeof manifest.optimizers !== 'object' || manifest.optimizers === null) {
    invalidManifest(path, 'optimizers is not an object');
  }
  // The tensors lie back to back in the order listed, so an offset changed by damage (which the
  // checksum of tensors.bin cannot see) shows as a gap or an overlap.
  let expectedOffset = 0;
  for (const record of manifest.tensors) {
    if (typeof record !== 'object' || record === null)
      invalidManifest(path, `tensor entry ${JSON.stringify(record)} is not an object`);
    const bytesPerElement = Object.hasOwn(BYTES_PER_ELEMENT, record.dtype)
      ? BYTES_PER_ELEMENT[record.dtype]
      : undefined;
    const size = Array.isArray(record.shape)
      ? record.shape.reduce((product, dimension) => product * dimension, 1)
      : NaN;
    const consistent =
      bytesPerElement !== undefined &&
      Number.isInteger(size) &&
      record.byteLength === size * bytesPerElement &&
      record.offset === expectedOffset &&
      record.offset + record.byteLength <= manifest.tensorsByteLength;
    if (!consistent) invalidManifest(path, `tensor entry ${JSON.stringify(record)} is inconsistent`);
    expectedOffset += record.byteLength;
  }
  if (expectedOffset !== manifest.tensorsByteLength) {
    invalidManifest(
      path,
      `its tensors take ${expectedOffset} bytes, tensorsByteLength says ${manifest.tensorsByteLength}`,
    );
  }
  return manifest;
}

interface RestorePlan {
  models: { model: tf.LayersModel; records: TensorRecord[] }[];
  variables: { variable: tf.Variable; record: TensorRecord }[];
  optimizers: {
    key: string;
    optimizer: tf.Optimizer;
    records: TensorRecord[];
    powers: { record: TensorRecord; variable: tf.Variable }[];
  }[];
}

function checkTensor(record: TensorRecord, shape: readonly (number | null)[], dtype: string, what: string): void {
  if (formatShape(record.shape) !== formatShape(shape)) {
    throw new CheckpointError(
      `checkpoint tensor '${record.name}' has shape ${formatShape(record.shape)}, ` +
        `${what} expects ${formatShape(shape)}`,
    );
  }
  if (record.dtype !== dtype) {
    throw new CheckpointError(`checkpoint tensor '${record.name}' has dtype ${record.dtype}, ${what} expects ${dtype}`);
  }
}

function checkRole(record: TensorRecord, targetName: string, what: string): void {
  if (weightRole(record.name) !== weightRole(targetName)) {
    throw new CheckpointError(
      `checkpoint tensor '${record.name}' does not line up with ${what} weight '${targetName}' ` +
        '(weights are restored in order); is it the same architecture?',
    );
  }
}

/** Matches every target with its tensors and checks them all, so that a mismatch changes nothing. */
async function planRestore(manifest: Manifest, path: string, targets: CheckpointTargets): Promise<RestorePlan> {
  const recordsOf = (group: TensorGroup, owner: string) =>
    manifest.tensors.filter((record) => record.group === group && record.owner === owner);

  const models = Object.entries(targets.models ?? {}).map(([key, model]) => {
    if (!manifest.models.includes(key)) missingTarget(path, 'model', key, manifest.models);
    const records = recordsOf('model', key);
    const weights = model.weights;
    if (records.length !== weights.length) {
      throw new CheckpointError(
        `checkpoint model '${key}' has ${records.length} weights, the model has ${weights.length}; ` +
          'is it the same architecture?',
      );
    }
    for (const [index, record] of records.entries()) {
      checkRole(record, weights[index].originalName, 'model');
      checkTensor(record, weights[index].shape, weights[index].dtype, 'model');
    }
    return { model, records };
  });

  const variables = Object.entries(targets.variables ?? {}).map(([key, variable]) => {
    const [record] = recordsOf('variable', key);
    if (record === undefined) {
      const present = manifest.tensors.filter((entry) => entry.group === 'variable').map((entry) => entry.owner);
      missingTarget(path, 'variable', key, present);
    }
    checkTensor(record, variable.shape, variable.dtype, 'variable');
    return { variable, record };
  });

  const optimizers: RestorePlan['optimizers'] = [];
  for (const [key, optimizer] of Object.entries(targets.optimizers ?? {})) {
    const stored = manifest.optimizers[key];
    if (stored === undefined) missingTarget(path, 'optimizer', key, Object.keys(manifest.optimizers));
    if (stored.className !== optimizer.getClassName()) {
      throw new CheckpointError(
        `checkpoint optimizer '${key}' is ${stored.className}, the target optimizer is ${optimizer.getClassName()}`,
      );
    }
    const records = recordsOf('optimizer', key);
    const current = await optimizerWeights(key, optimizer);
    try {
      // A fresh optimizer has nothing but its iteration count to compare against.
      if (current.length > 1) {
        if (current.length !== records.length) {
          throw new CheckpointError(
            `checkpoint optimizer '${key}' has ${records.length} weights, the target optimizer has ${current.length}`,
          );
        }
        for (const [index, record] of records.entries()) {
          checkRole(record, current[index].name, 'optimizer');
          checkTensor(record, current[index].tensor.shape, current[index].tensor.dtype, 'optimizer');
        }
      }
    } finally {
      disposeNonVariables(current);
    }
    const targetPowers = betaPowers(optimizer);
    const powers = recordsOf('betaPower', key).map((record) => {
      const variable = targetPowers[localName(record) as BetaPowerField];
      if (variable === undefined) {
        throw new CheckpointError(`checkpoint tensor '${record.name}' has no counterpart in the target optimizer`);
      }
      checkTensor(record, variable.shape, variable.dtype, 'optimizer');
      return { record, variable };
    });
    optimizers.push({ key, optimizer, records, powers });
  }
  return { models, variables, optimizers };
}

function materialise(bytes: Buffer, record: TensorRecord): tf.Tensor {
  const start = bytes.byteOffset + record.offset;
  // A copy, so that the typed array is aligned whatever the offset.
  const buffer = bytes.buffer.slice(start, start + record.byteLength);
  const values =
    record.dtype === 'float32'
      ? new Float32Array(buffer)
      : record.dtype === 'int32'
        ? new Int32Array(buffer)
        : new Uint8Array(buffer);
  return tf.tensor(values, record.shape, record.dtype);
}

async function applyRestore(plan: RestorePlan, tensorFor: (record: TensorRecord) => tf.Tensor): Promise<void> {
  for (const { model, records } of plan.models) {
    const tensors = records.map(tensorFor);
    try {
      model.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
  for (const { variable, record } of plan.variables) {
    const tensor = tensorFor(record);
    variable.assign(tensor);
    tensor.dispose();
  }
  for (const { key, optimizer, records, powers } of plan.optimizers) {
    const previous = await optimizerWeights(key, optimizer);
    const restored = records.map((record) => ({ name: localName(record), tensor: tensorFor(record) }));
    try {
      await optimizer.setWeights(restored);
    } finally {
      tf.dispose(restored.map(({ tensor }) => tensor));
    }
    // setWeights replaces the optimizer's slot variables without disposing the old ones.
    const current = await optimizerWeights(key, optimizer);
    const kept = new Set(current.map(({ tensor }) => tensor.id));
    tf.dispose(previous.filter(({ tensor }) => !kept.has(tensor.id)).map(({ tensor }) => tensor));
    disposeNonVariables(current);
    for (const { record, variable } of powers) {
      const tensor = tensorFor(record);
      variable.assign(tensor);
      tensor.dispose();
    }
  }
}

/** The tensors' bytes back to back, with where each one is. */
async function encodeTensors(pending: PendingTensor[]): Promise<{ records: TensorRecord[]; tensorBytes: Buffer }> {
  const chunks: Uint8Array[] = [];
  const records: TensorRecord[] = [];
  let offset = 0;
  for (const { group, owner, localName: name, tensor } of pending) {
    const fullName = name === '' ? owner : `${owner}/${name}`;
    if (!Object.hasOwn(BYTES_PER_ELEMENT, tensor.dtype)) {
      throw new CheckpointError(`cannot checkpoint tensor '${fullName}' of dtype ${tensor.dtype}`);
    }
    const data = (await tensor.data()) as Float32Array | Int32Array | Uint8Array;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    chunks.push(bytes);
    records.push({
      group,
      owner,
      name: fullName,
      dtype: tensor.dtype as StoredDtype,
      shape: [...tensor.shape],
      offset,
      byteLength: bytes.byteLength,
    });
    offset += bytes.byteLength;
  }
  return { records, tensorBytes: Buffer.concat(chunks) };
}

/**
 * Saves, lists, restores and prunes the checkpoints of one training run in `directory`.
 * Restoring matches model and optimizer weights by position, as tfjs's `setWeights` does, and
 * checks shapes, dtypes and weight roles first, so a mismatch fails before anything is changed.
 */
export class CheckpointManager {
  readonly directory: string;
  readonly keep: number;

  constructor(directory: string, { keep = 3 }: CheckpointManagerOptions = {}) {
    if (typeof directory !== 'string' || directory === '') {
      throw new TypeError(`CheckpointManager: directory must be a non-empty string; got ${String(directory)}`);
    }
    if (!Number.isInteger(keep) || keep < 1) {
      throw new RangeError(`CheckpointManager: keep must be an integer >= 1; got ${String(keep)}`);
    }
    this.directory = directory;
    this.keep = keep;
  }

  /** Every complete checkpoint on disk, oldest first. */
  async list(): Promise<CheckpointInfo[]> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(this.directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const checkpoints: CheckpointInfo[] = [];
    for (const entry of entries) {
      const match = entry.isDirectory() ? DIRECTORY_PATTERN.exec(entry.name) : null;
      if (match) checkpoints.push({ step: Number(match[1]), path: join(this.directory, entry.name) });
    }
    return checkpoints.sort((a, b) => a.step - b.step);
  }

  /**
   * The checkpoint `latest.json` points to. Without a usable pointer (a crash before the first
   * pointer write, or between the renames that replace a same-step checkpoint), the newest
   * complete checkpoint not after the pointer's step is used; null when there is none.
   */
  async latest(): Promise<CheckpointInfo | null> {
    const pointerPath = join(this.directory, LATEST_FILE);
    let pointerStep = Number.POSITIVE_INFINITY;
    let text: string | undefined;
    try {
      text = await fs.readFile(pointerPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      let pointer: { step?: unknown } | null;
      try {
        pointer = JSON.parse(text);
      } catch {
        throw new CheckpointError(`${pointerPath} is not valid JSON: ${text.slice(0, 80)}`);
      }
      if (
        typeof pointer !== 'object' ||
        pointer === null ||
        typeof pointer.step !== 'number' ||
        !Number.isInteger(pointer.step)
      ) {
        throw new CheckpointError(`${pointerPath} has no integer step: ${text.slice(0, 80)}`);
      }
      pointerStep = pointer.step;
      const path = join(this.directory, checkpointDirectoryName(pointerStep));
      if (await pathExists(path)) return { step: pointerStep, path };
    }
    const candidates = (await this.list()).filter((checkpoint) => checkpoint.step <= pointerStep);
    return candidates.at(-1) ?? null;
  }

  /** Writes a checkpoint, makes it the latest and prunes old ones; returns where it went. */
  async save(contents: CheckpointContents): Promise<CheckpointInfo> {
    const { step, models = {}, variables = {}, optimizers = {}, state = null } = contents;
    if (!Number.isInteger(step) || step < 0) {
      throw new RangeError(`CheckpointManager.save: step must be an integer >= 0; got ${String(step)}`);
    }
    assertJsonValue(state, 'state');

    const pending: PendingTensor[] = [];
    const temporaries: NamedTensor[] = [];
    const optimizerClasses: Manifest['optimizers'] = {};
    try {
      for (const [key, model] of Object.entries(models)) {
        for (const weight of model.weights) {
          pending.push({ group: 'model', owner: key, localName: weight.originalName, tensor: weight.read() });
        }
      }
      for (const [key, variable] of Object.entries(variables)) {
        pending.push({ group: 'variable', owner: key, localName: '', tensor: variable });
      }
      for (const [key, optimizer] of Object.entries(optimizers)) {
        optimizerClasses[key] = { className: optimizer.getClassName() };
        const weights = await optimizerWeights(key, optimizer);
        temporaries.push(...weights);
        for (const { name, tensor } of weights) {
          pending.push({ group: 'optimizer', owner: key, localName: name, tensor });
        }
        for (const [field, variable] of Object.entries(betaPowers(optimizer))) {
          pending.push({ group: 'betaPower', owner: key, localName: field, tensor: variable });
        }
      }

      const { records, tensorBytes } = await encodeTensors(pending);
      const manifest: Manifest = {
        format: FORMAT,
        version: FORMAT_VERSION,
        step,
        createdAt: new Date().toISOString(),
        byteOrder: endianness(),
        models: Object.keys(models),
        optimizers: optimizerClasses,
        tensors: records,
        tensorsByteLength: tensorBytes.byteLength,
        tensorsSha256: createHash('sha256').update(tensorBytes).digest('hex'),
        state,
      };
      await this.writeCheckpointDirectory(step, async (directory) => {
        await fs.writeFile(join(directory, TENSORS_FILE), tensorBytes);
        await fs.writeFile(join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      });
    } finally {
      disposeNonVariables(temporaries);
    }

    await writeFileAtomic(
      join(this.directory, LATEST_FILE),
      `${JSON.stringify({ step, directory: checkpointDirectoryName(step) })}\n`,
    );
    await this.prune(step);
    return { step, path: join(this.directory, checkpointDirectoryName(step)) };
  }

  /**
   * Restores the latest checkpoint into `targets` (any subset of what was saved) and returns its
   * step and state, or null when there is no checkpoint yet. Optimizers may be fresh: Adam's
   * moment variables are created from the checkpoint.
   */
  async restore<State = unknown>(targets: CheckpointTargets): Promise<RestoredCheckpoint<State> | null> {
    const latest = await this.latest();
    if (latest === null) return null;
    const { path } = latest;
    const manifest = await this.readManifest(path);
    if (manifest.step !== latest.step) {
      throw new CheckpointError(`checkpoint ${path} has step ${manifest.step} in its ${MANIFEST_FILE}`);
    }
    const plan = await planRestore(manifest, path, targets);
    const bytes = await this.readTensorBytes(path, manifest);
    await applyRestore(plan, (record) => materialise(bytes, record));
    return { step: manifest.step, state: manifest.state as State, path };
  }

  private async readManifest(path: string): Promise<Manifest> {
    let text: string;
    try {
      text = await fs.readFile(join(path, MANIFEST_FILE), 'utf8');
    } catch (error) {
      throw new CheckpointError(`checkpoint ${path} has no readable ${MANIFEST_FILE}: ${(error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      invalidManifest(path, 'not valid JSON');
    }
    return validateManifest(value, path);
  }

  private async readTensorBytes(path: string, manifest: Manifest): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(join(path, TENSORS_FILE));
    } catch (error) {
      throw new CheckpointError(`checkpoint ${path} has no readable ${TENSORS_FILE}: ${(error as Error).message}`);
    }
    if (bytes.byteLength !== manifest.tensorsByteLength) {
      throw new CheckpointError(
        `checkpoint ${path} is corrupt: ${TENSORS_FILE} has ${bytes.byteLength} bytes, ` +
          `its ${MANIFEST_FILE} expects ${manifest.tensorsByteLength} (truncated?)`,
      );
    }
    if (createHash('sha256').update(bytes).digest('hex') !== manifest.tensorsSha256) {
      throw new CheckpointError(`checkpoint ${path} is corrupt: ${TENSORS_FILE} does not match its checksum`);
    }
    return bytes;
  }

  /**
   * A directory for this step can already exist if an earlier run wrote it and crashed before
   * moving `latest.json`; the new one replaces it through renames, never leaving a partial one.
   */
  private async writeCheckpointDirectory(step: number, fill: (directory: string) => Promise<void>): Promise<void> {
    const target = join(this.directory, checkpointDirectoryName(step));
    if (!(await pathExists(target))) {
      await writeDirectoryAtomic(target, fill);
      return;
    }
    const replacement = join(this.directory, `.${checkpointDirectoryName(step)}.new-${randomBytes(4).toString('hex')}`);
    await writeDirectoryAtomic(replacement, fill);
    try {
      await removeDirectory(target);
      await fs.rename(replacement, target);
    } catch (error) {
      await fs.rm(replacement, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Keeps the `keep` newest checkpoints up to `savedStep`. Checkpoints after `savedStep` belong
   * to a run that crashed and was resumed from an earlier one, so they are removed too.
   */
  private async prune(savedStep: number): Promise<void> {
    const checkpoints = await this.list();
    const current = checkpoints.filter((checkpoint) => checkpoint.step <= savedStep).slice(-this.keep);
    const keptPaths = new Set(current.map((checkpoint) => checkpoint.path));
    for (const checkpoint of checkpoints) {
      if (!keptPaths.has(checkpoint.path)) await removeDirectory(checkpoint.path);
    }
  }
}
