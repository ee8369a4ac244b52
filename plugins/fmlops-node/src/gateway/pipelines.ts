import type { pipelines } from '@databricks/sdk-experimental';
import { WorkspaceCalls } from './calls';
import { capOf, collect, LISTING_CAPS } from './listing';

/** Lakeflow Declarative Pipelines (DLT) calls: a pipeline, its events and updates. */
export class PipelinesCalls {
  constructor(private readonly calls: WorkspaceCalls) {}

  getPipeline(
    workspace: string,
    pipelineId: string,
  ): Promise<pipelines.GetPipelineResponse> {
    return this.calls.call(workspace, 'pipelines.get', 'read', (c, ctx) =>
      c.pipelines.get({ pipeline_id: pipelineId }, ctx),
    );
  }

  /** The pipeline's newest events first, up to `maxEvents` (at most LISTING_CAPS.pipelineEvents). */
  async listPipelineEvents(
    workspace: string,
    pipelineId: string,
    maxEvents: number,
    filter?: string,
  ): Promise<pipelines.PipelineEvent[]> {
    const operation = 'pipelines.listPipelineEvents';
    const max = capOf(
      { workspace, operation },
      maxEvents,
      LISTING_CAPS.pipelineEvents,
    );
    return this.calls.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.pipelines.listPipelineEvents(
          {
            pipeline_id: pipelineId,
            max_results: Math.min(max, 100),
            ...(filter ? { filter } : {}),
          },
          ctx,
        ),
        max,
      ),
    );
  }

  /** The pipeline's most recent updates (one page, newest first). */
  async listPipelineUpdates(
    workspace: string,
    pipelineId: string,
    maxResults = 25,
  ): Promise<pipelines.UpdateInfo[]> {
    const operation = 'pipelines.listUpdates';
    const max = capOf({ workspace, operation }, maxResults, 100);
    return this.calls.call(
      workspace,
      operation,
      'read',
      async (c, ctx) =>
        (
          await c.pipelines.listUpdates(
            { pipeline_id: pipelineId, max_results: max },
            ctx,
          )
        ).updates ?? [],
    );
  }
}
