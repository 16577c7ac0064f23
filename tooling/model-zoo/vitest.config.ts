import { packageTestConfig } from '@hw7/vitest-config';

export default packageTestConfig();
