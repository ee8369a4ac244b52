import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  DriftComparison,
  ModelEvaluation,
  ModelOverview,
  Operation,
  OperationRequest,
  Portfolio,
} from '@fmlops/backstage-plugin-fmlops-common';
import type { FmlopsApi, ModelRef } from './FmlopsApi';

/**
 * Talks to the fmlops backend through Backstage's discovery and (authenticated) fetch.
 *
 * @public
 */
export class FmlopsClient implements FmlopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getPortfolio(): Promise<Portfolio> {
    return this.request('/models');
  }

  getOverview(model: ModelRef): Promise<ModelOverview> {
    return this.request(`${modelPath(model)}/overview`);
  }

  compareDrift(
    model: ModelRef,
    window: { from: string; to: string },
  ): Promise<DriftComparison> {
    const query = new URLSearchParams({ from: window.from, to: window.to });
    return this.request(`${modelPath(model)}/drift/compare?${query}`);
  }

  getEvaluation(model: ModelRef): Promise<ModelEvaluation> {
    return this.request(`${modelPath(model)}/evaluation`);
  }

  submitOperation(
    model: ModelRef,
    request: OperationRequest,
  ): Promise<Operation> {
    return this.request(`${modelPath(model)}/operations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  listOperations(
    model: ModelRef,
    options?: { active?: boolean },
  ): Promise<{ items: Operation[] }> {
    const query = options?.active ? '?active=true' : '';
    return this.request(`${modelPath(model)}/operations${query}`);
  }

  getOperation(model: ModelRef, operationId: string): Promise<Operation> {
    return this.request(
      `${modelPath(model)}/operations/${encodeURIComponent(operationId)}`,
    );
  }

  getHistory(model: ModelRef): Promise<{ items: AuditEvent[] }> {
    return this.request(`${modelPath(model)}/history`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('fmlops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function modelPath(model: ModelRef): string {
  return `/models/${[model.kind, model.namespace, model.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}
