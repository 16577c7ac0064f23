import { describe, expect, it } from 'vitest';
import {
  CIFAR100_COARSE_CLASSES,
  checkImageDataset,
  IMAGE_DATASET_NAMES,
  IMAGE_DATASETS,
  isImageDatasetName,
} from './image-dataset-info.js';

describe('the image data set registry', () => {
  it('describes every data set by its own name, with one label name per class', () => {
    expect(Object.keys(IMAGE_DATASETS)).toEqual([...IMAGE_DATASET_NAMES]);
    for (const name of IMAGE_DATASET_NAMES) {
      const info = IMAGE_DATASETS[name];
      expect(info.name).toBe(name);
      expect(new Set(info.classNames).size).toBe(info.numClasses);
      expect(info.source === 'directory').toBe(info.files !== undefined);
    }
    expect(IMAGE_DATASETS.cifar10.classNames.slice(0, 3)).toEqual(['airplane', 'automobile', 'bird']);
    // CIFAR-100's fine and coarse label files list the names alphabetically.
    const fine = IMAGE_DATASETS.cifar100.classNames;
    expect([...fine].sort()).toEqual(fine);
    expect([fine[0], fine[99]]).toEqual(['apple', 'worm']);
    expect(CIFAR100_COARSE_CLASSES).toHaveLength(20);
    expect([...CIFAR100_COARSE_CLASSES].sort()).toEqual(CIFAR100_COARSE_CLASSES);
  });

  it('checks names and the CIFAR folder before anything loads', () => {
    expect(isImageDatasetName('cifar10')).toBe(true);
    expect(isImageDatasetName('svhn')).toBe(false);
    expect(checkImageDataset('mnist', undefined)).toBe('mnist');
    expect(checkImageDataset('cifar10', '/data')).toBe('cifar10');
    expect(() => checkImageDataset('svhn', undefined)).toThrow(
      'dataset must be one of mnist, cifar10, cifar100; got "svhn"',
    );
    expect(() => checkImageDataset('cifar100', undefined)).toThrow(
      'dataset cifar100 needs cifarDirectory: the folder with the binary files train.bin and test.bin (directly or in cifar-100-binary/)',
    );
  });
});
