import { mockServices } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { OperationsService } from '../operations/OperationsService';
import { createRouter } from '../router';
import type { ReadPath } from '../service/ReadPath';

const spec = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
) as { paths: Record<string, Record<string, unknown>> };

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI spec', () => {
  it('is what the router spec and the model types were generated from (run generate:openapi)', () => {
    const check = spawnSync(
      process.execPath,
      [path.join(__dirname, '../../scripts/generate-openapi.mjs'), '--check'],
      { encoding: 'utf8' },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
  });

  it('has a route in the router for every operation, and no other route', async () => {
    // routes are only registered here, never called: the services stay empty
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      readPath: {} as ReadPath,
      operations: {} as OperationsService,
      health: () => ({}),
    });
    const routes = router.stack.flatMap(({ route }) =>
      route
        ? route.stack.map(
            handler => `${handler.method.toUpperCase()} ${route.path}`,
          )
        : [],
    );
    const specRoutes = Object.entries(spec.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter(key => HTTP_METHODS.includes(key))
        .map(
          method =>
            `${method.toUpperCase()} ${template.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
    );
    // the validated router serves the spec itself too
    expect([...new Set(routes)].sort()).toEqual(
      [...specRoutes, 'GET /openapi.json'].sort(),
    );
  });
});
