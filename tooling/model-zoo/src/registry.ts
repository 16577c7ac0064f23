// The zoo: every model the homework trains, in the order the bench reports them, then the two
// reference layers.
import { cgan } from './models/cgan.js';
import { cyclegan } from './models/cyclegan.js';
import { mtlBigru, mtlCnn, mtlTransformer } from './models/mtl-text.js';
import { darts, nb201 } from './models/nas.js';
import { q6Cnn } from './models/q6-cnn.js';
import { convLayer, denseLayer } from './models/reference-layers.js';
import { stylegan } from './models/stylegan.js';
import { word2vec } from './models/word2vec.js';
import type { ZooModel } from './zoo.js';

export const ZOO: readonly ZooModel[] = [
  cgan,
  q6Cnn,
  nb201,
  darts,
  stylegan,
  cyclegan,
  mtlCnn,
  mtlBigru,
  mtlTransformer,
  word2vec,
  convLayer,
  denseLayer,
];

export function zooModel(name: string): ZooModel {
  const model = ZOO.find((m) => m.name === name);
  if (!model) throw new RangeError(`unknown zoo model '${name}'; expected one of ${ZOO.map((m) => m.name).join(', ')}`);
  return model;
}
