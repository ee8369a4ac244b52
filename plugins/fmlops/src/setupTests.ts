import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The whole suite runs in parallel on two-core CI machines, where the first render of an
// extension tree can take longer than testing-library's 1 s default wait, and a test with a few
// such waits longer than jest's 5 s default.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(20_000);
