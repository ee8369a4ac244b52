import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// A minimal backend for working on the fmlops plugin alone (`yarn start` in this folder):
// the plugin with mocked auth, so its routes answer without signing in, e.g.
//   curl http://localhost:7007/api/fmlops/health
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
