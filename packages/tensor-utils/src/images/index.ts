export {
  decodePng,
  encodePng,
  type ImageBatch,
  type ImageGridOptions,
  imageGrid,
  type RawImageBatch,
  type RgbaImage,
  readPng,
  writeImageGrid,
} from './png-grid.js';
