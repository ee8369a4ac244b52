import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { FmlopsClient, fmlopsApiRef } from '../api';

/** The fmlops backend client. */
export const fmlopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fmlopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FmlopsClient({ discoveryApi, fetchApi }),
    }),
});
