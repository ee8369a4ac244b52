import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import { spec } from './schema/openapi.generated';
import { ReadPath } from './service/ReadPath';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  readPath: ReadPath;
  health: () => Record<string, unknown>;
}

export async function createRouter({
  httpAuth,
  readPath,
  health,
}: RouterOptions): Promise<express.Router> {
  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', workspaces: health() });
  });

  router.get('/models', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await readPath.portfolio(credentials));
  });

  router.get('/models/:kind/:namespace/:name/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await readPath.overview(req.params, credentials));
  });

  router.get(
    '/models/:kind/:namespace/:name/drift/compare',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await readPath.compareDrift(
          req.params,
          req.query.from,
          req.query.to,
          credentials,
        ),
      );
    },
  );

  return router;
}
