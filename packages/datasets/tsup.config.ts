import { packageConfig } from '@hw7/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(packageConfig());
