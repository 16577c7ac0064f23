// One TensorFlow.js namespace shared by every hw7 package, so that all of them talk to the same
// engine, the same registered kernels and gradients, and the same backend. `@tensorflow/tfjs` is
// used rather than tfjs-core alone because its Node build is what registers the gradients.
export * from '@tensorflow/tfjs';
