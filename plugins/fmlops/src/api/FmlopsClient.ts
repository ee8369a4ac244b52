import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  DriftComparison,
  EnvironmentStatus,
  FmlopsApiPaths,
  ModelEvaluation,
  ModelOverview,
  Operation,
  OperationRequest,
  Portfolio,
  PortfolioQuery,
} from '@fmlops/backstage-plugin-fmlops-common';
import createClient, { Client, Middleware } from 'openapi-fetch';
import type { FmlopsApi, ModelRef } from './FmlopsApi';

/** Error responses reject with Backstage's `ResponseError`, carrying the backend's error body. */
const rejectErrorResponses: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return undefined;
  },
};

/** The body of a successful response; error responses never get here (see above). */
async function dataOf<T>(pending: Promise<{ data?: T }>): Promise<T> {
  return (await pending).data as T;
}

/**
 * Hands openapi-fetch's Request to Backstage's FetchApi as URL and init: its middlewares each
 * build `new Request(input, init)` from what they are given, and a Request whose body one of them
 * has already read cannot be read again ("Request object that has already been used").
 */
async function sendThrough(fetchApi: FetchApi, request: Request) {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return fetchApi.fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.text() : undefined,
    signal: request.signal,
  });
}

/** The model's environment as the query of its routes, when one is chosen. */
function envQuery(model: ModelRef) {
  return model.env ? { env: model.env } : undefined;
}

/**
 * The portfolio's query parameters: health and drift comma-separated, empty criteria left out
 * (the backend then matches everything).
 */
function portfolioQuery(query: PortfolioQuery) {
  const list = (values: string[] | undefined) =>
    values?.length ? values.join(',') : undefined;
  const text = (value: string | undefined) => value?.trim() || undefined;
  return {
    offset: query.offset,
    limit: query.limit,
    health: list(query.health),
    drift: list(query.drift),
    workspace: text(query.workspace),
    owner: text(query.owner),
    search: text(query.search),
  };
}

/** The model's path parameters: its lower-cased entity ref parts. */
function modelPath(model: ModelRef) {
  const lower = (part: string) => part.toLocaleLowerCase('en-US');
  return {
    kind: lower(model.kind),
    namespace: lower(model.namespace),
    name: lower(model.name),
  };
}

/**
 * Talks to the fmlops backend through Backstage's discovery and (authenticated) fetch, with a
 * client typed from the backend's OpenAPI spec: every path, parameter and body is checked
 * against it at compile time.
 *
 * @public
 */
export class FmlopsClient implements FmlopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly client: Client<FmlopsApiPaths>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.client = createClient<FmlopsApiPaths>({
      fetch: request => sendThrough(options.fetchApi, request),
    });
    this.client.use(rejectErrorResponses);
  }

  async getPortfolio(query: PortfolioQuery = {}): Promise<Portfolio> {
    return dataOf(
      this.client.request('get', '/models', {
        ...(await this.base()),
        params: { query: portfolioQuery(query) },
      }),
    );
  }

  async getOverview(model: ModelRef): Promise<ModelOverview> {
    return dataOf(
      this.client.request('get', '/models/{kind}/{namespace}/{name}/overview', {
        ...(await this.base()),
        params: { path: modelPath(model), query: envQuery(model) },
      }),
    );
  }

  async compareDrift(
    model: ModelRef,
    window: { from: string; to: string },
  ): Promise<DriftComparison> {
    return dataOf(
      this.client.request(
        'get',
        '/models/{kind}/{namespace}/{name}/drift/compare',
        {
          ...(await this.base()),
          params: {
            path: modelPath(model),
            query: { ...window, ...envQuery(model) },
          },
        },
      ),
    );
  }

  async getEvaluation(model: ModelRef): Promise<ModelEvaluation> {
    return dataOf(
      this.client.request(
        'get',
        '/models/{kind}/{namespace}/{name}/evaluation',
        {
          ...(await this.base()),
          params: { path: modelPath(model), query: envQuery(model) },
        },
      ),
    );
  }

  async submitOperation(
    model: ModelRef,
    request: OperationRequest,
  ): Promise<Operation> {
    return dataOf(
      this.client.request(
        'post',
        '/models/{kind}/{namespace}/{name}/operations',
        {
          ...(await this.base()),
          params: { path: modelPath(model), query: envQuery(model) },
          body: request,
        },
      ),
    );
  }

  async listOperations(
    model: ModelRef,
    options?: { active?: boolean },
  ): Promise<{ items: Operation[] }> {
    return dataOf(
      this.client.request(
        'get',
        '/models/{kind}/{namespace}/{name}/operations',
        {
          ...(await this.base()),
          params: {
            path: modelPath(model),
            query: {
              ...envQuery(model),
              ...(options?.active ? { active: 'true' as const } : {}),
            },
          },
        },
      ),
    );
  }

  async getOperation(model: ModelRef, operationId: string): Promise<Operation> {
    return dataOf(
      this.client.request(
        'get',
        '/models/{kind}/{namespace}/{name}/operations/{operationId}',
        {
          ...(await this.base()),
          params: {
            path: { ...modelPath(model), operationId },
            query: envQuery(model),
          },
        },
      ),
    );
  }

  async getHistory(model: ModelRef): Promise<{ items: AuditEvent[] }> {
    return dataOf(
      this.client.request('get', '/models/{kind}/{namespace}/{name}/history', {
        ...(await this.base()),
        params: { path: modelPath(model), query: envQuery(model) },
      }),
    );
  }

  async getEnvironments(
    model: ModelRef,
  ): Promise<{ items: EnvironmentStatus[] }> {
    return dataOf(
      this.client.request(
        'get',
        '/models/{kind}/{namespace}/{name}/environments',
        {
          ...(await this.base()),
          params: { path: modelPath(model) },
        },
      ),
    );
  }

  /** Where the backend is: discovery may move it, so asked on every request. */
  private async base() {
    return { baseUrl: await this.discoveryApi.getBaseUrl('fmlops') };
  }
}
