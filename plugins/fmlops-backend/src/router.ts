import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  OperationRequest,
  PortfolioFilter,
} from '@fmlops/backstage-plugin-fmlops-common';
import express from 'express';
import { OperationsService } from './operations/OperationsService';
import { spec } from './schema/openapi.generated';
import { actorOf } from './service/actor';
import { ReadPath } from './service/ReadPath';

/** `a,b` as ['a', 'b'] (the query's lists, already checked against their pattern) */
const commaSeparated = (text: string | undefined) =>
  text ? text.split(',') : undefined;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  readPath: ReadPath;
  operations: OperationsService;
  health: () => Record<string, unknown>;
}

export async function createRouter({
  httpAuth,
  readPath,
  operations,
  health,
}: RouterOptions): Promise<express.Router> {
  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  // typed routes' requests carry their parsed query; credentials need only the headers
  const caller = (req: Pick<express.Request, 'headers'>) =>
    httpAuth.credentials(req as express.Request, {
      allow: ['user', 'service'],
    });

  // anyone may ask whether the plugin is up; which workspaces it reaches and their breakers are
  // for signed-in callers only
  router.get('/health', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['none', 'user', 'service'],
    });
    if (credentials.principal.type === 'none') {
      res.json({ status: 'ok' });
      return;
    }
    res.json({ status: 'ok', workspaces: health() });
  });

  // the read routes answer with JSON the read path already serialised (once per Databricks read)
  const sendJson = (res: express.Response, body: string) =>
    res.type('application/json').send(body);

  router.get('/models', async (req, res) => {
    const query = req.query;
    sendJson(
      res,
      await readPath.portfolioJson(await caller(req), {
        // the validator has checked them; query strings may still arrive as text
        offset: query.offset === undefined ? undefined : Number(query.offset),
        limit: query.limit === undefined ? undefined : Number(query.limit),
        health: commaSeparated(query.health) as PortfolioFilter['health'],
        drift: commaSeparated(query.drift) as PortfolioFilter['drift'],
        workspace: query.workspace,
        owner: query.owner,
        search: query.search,
      }),
    );
  });

  router.get('/models/:kind/:namespace/:name/overview', async (req, res) => {
    sendJson(
      res,
      await readPath.overviewJson(req.params, await caller(req), req.query.env),
    );
  });

  router.get(
    '/models/:kind/:namespace/:name/environments',
    async (req, res) => {
      res.json({
        items: await readPath.environments(req.params, await caller(req)),
      });
    },
  );

  router.get(
    '/models/:kind/:namespace/:name/drift/compare',
    async (req, res) => {
      res.json(
        await readPath.compareDrift(
          req.params,
          req.query.from,
          req.query.to,
          await caller(req),
          req.query.env,
        ),
      );
    },
  );

  router.get('/models/:kind/:namespace/:name/evaluation', async (req, res) => {
    sendJson(
      res,
      await readPath.evaluationJson(
        req.params,
        await caller(req),
        req.query.env,
      ),
    );
  });

  router.get('/models/:kind/:namespace/:name/operations', async (req, res) => {
    const items = await operations.list(
      req.params,
      req.query.active === 'true',
      await caller(req),
      req.query.env,
    );
    res.json({ items });
  });

  router.post('/models/:kind/:namespace/:name/operations', async (req, res) => {
    const credentials = await caller(req);
    const { operation, created } = await operations.submit(
      req.params,
      req.body as OperationRequest,
      credentials,
      actorOf(credentials),
      req.query.env,
    );
    res.status(created ? 202 : 200).json(operation);
  });

  router.get(
    '/models/:kind/:namespace/:name/operations/:operationId',
    async (req, res) => {
      res.json(
        await operations.get(
          req.params,
          req.params.operationId,
          await caller(req),
          req.query.env,
        ),
      );
    },
  );

  router.get('/models/:kind/:namespace/:name/history', async (req, res) => {
    res.json({
      items: await operations.history(
        req.params,
        await caller(req),
        req.query.env,
      ),
    });
  });

  return router;
}
