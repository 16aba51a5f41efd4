import { afterAll } from 'vitest';
import { runFileTeardowns } from './teardown.js';

// Per test file: clean up what helpers created outside of a test (in beforeAll and friends).
afterAll(runFileTeardowns);
