import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { useLocation } from 'react-router-dom';
import type {
  Operation,
  OperationRequest,
} from '@fmlops/backstage-plugin-fmlops-common';
import {
  awaitingPromotion,
  paymentsEvaluation,
  paymentsOverview,
  paymentsStatuses,
} from '../../dev/__data__/environments';
import {
  achEvaluation,
  achHistory,
  achOverview,
} from '../../dev/__data__/overview';
import { PAYMENTS_URL } from './renderFmlops';

/**
 * Serves a model's routes: payments-fraud-scorer in dev, acc and prd by default, or (asked with no
 * `env`) the one-environment demo model. Records the `env` of every request by route (null: none
 * given) and every posted operation request with its env; a posted operation starts running.
 */
export function serveModel(
  server: SetupServer,
  options: {
    url?: string;
    /** the active operations of each environment */
    active?: Record<string, Operation[]>;
  } = {},
) {
  const { url = PAYMENTS_URL, active = {} } = options;
  const requested: Record<string, (string | null)[]> = {};
  const posted: { env: string | null; body: OperationRequest }[] = [];
  const envOf = (route: string, request: Request) => {
    const env = new URL(request.url).searchParams.get('env');
    (requested[route] ??= []).push(env);
    return env;
  };
  server.use(
    http.get(`${url}/overview`, ({ request }) => {
      const env = envOf('overview', request);
      return HttpResponse.json(env ? paymentsOverview(env) : achOverview);
    }),
    http.get(`${url}/evaluation`, ({ request }) => {
      const env = envOf('evaluation', request);
      return HttpResponse.json(env ? paymentsEvaluation(env) : achEvaluation);
    }),
    http.get(`${url}/operations`, ({ request }) => {
      const env = envOf('operations', request);
      return HttpResponse.json({ items: (env && active[env]) || [] });
    }),
    http.get(`${url}/history`, ({ request }) => {
      envOf('history', request);
      return HttpResponse.json({ items: achHistory });
    }),
    http.get(`${url}/environments`, ({ request }) => {
      envOf('environments', request);
      return HttpResponse.json({ items: paymentsStatuses });
    }),
    http.post(`${url}/operations`, async ({ request }) => {
      const env = new URL(request.url).searchParams.get('env');
      posted.push({ env, body: (await request.json()) as OperationRequest });
      return HttpResponse.json(
        { ...awaitingPromotion, status: 'running', phase: 'starting-job' },
        { status: 202 },
      );
    }),
  );
  return { requested, posted };
}

/** Shows the page's query string, as a link to it would carry it. */
export const LocationProbe = () => (
  <span data-testid="location">{useLocation().search}</span>
);
