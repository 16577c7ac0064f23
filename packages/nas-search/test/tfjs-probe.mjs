// Loaded with `node --import` by the command-line tests: at exit, says on stderr whether
// TensorFlow.js was loaded (tfjs-core keeps its engine in a global, `_tfengine`).
process.on('exit', () => {
  process.stderr.write(`tfjs-probe: ${globalThis._tfengine === undefined ? 'not loaded' : 'loaded'}\n`);
});
