// The backend names on their own, so command-line parsing can name them without loading TensorFlow.js.
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
/** Environment variable that forces a backend, e.g. `HW7_BACKEND=cpu`. */
export const BACKEND_ENV_VAR = 'HW7_BACKEND';
