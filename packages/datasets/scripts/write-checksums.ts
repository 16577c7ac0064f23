// `pnpm --filter @hw7/datasets write-checksums [DIR]`: rewrites DIR/checksums.json (default: the
// package's data/) from the files it holds, after data files were added or replaced on purpose.
import { SHIPPED_DATA_DIRECTORY, writeChecksums } from '../src/index.js';

const directory = process.argv[2] ?? SHIPPED_DATA_DIRECTORY;
const { files } = await writeChecksums(directory);
const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
console.log(`${directory}/checksums.json: ${files.length} files, ${bytes} bytes`);
