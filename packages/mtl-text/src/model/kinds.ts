// The names of the model's choices, in a module without TensorFlow.js, so that option checks and
// the command line (which load no TensorFlow.js before a command runs) can list and check them.

/** Every EncoderKind, for validating names. */
export const ENCODER_KINDS = ['cnn', 'bigru', 'transformer', 'fasttext'] as const;
export type EncoderKind = (typeof ENCODER_KINDS)[number];

/** Every SharingKind, for validating names. */
export const SHARING_KINDS = ['encoder', 'embedding'] as const;
/**
 * What the tasks share: 'encoder' (the embedding and the sequence encoder: hard parameter sharing)
 * or 'embedding' (the embedding only, each task with its own encoder, so one task's features cannot
 * crowd out another's while both still shape the word vectors).
 */
export type SharingKind = (typeof SHARING_KINDS)[number];

/** Every TaskWeightingKind, for validating names. */
export const TASK_WEIGHTING_KINDS = ['fixed', 'uncertainty', 'dynamic'] as const;
/** How the task losses are combined; see createTaskWeighting. */
export type TaskWeightingKind = (typeof TASK_WEIGHTING_KINDS)[number];

/** Every CheckpointSelection, for validating names. */
export const CHECKPOINT_SELECTIONS = ['mean', 'per-task'] as const;
/** Which epoch's weights score each task: the best mean epoch, or each task's own; see trainMultiTask. */
export type CheckpointSelection = (typeof CHECKPOINT_SELECTIONS)[number];
