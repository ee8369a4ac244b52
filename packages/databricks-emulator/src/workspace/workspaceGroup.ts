import { invalid } from '../domain/errors';
import { Metastore, WorkspaceOptions } from '../services/store';
import { LocalWorkspaceState } from './localWorkspaceState';
import { MetastoreSnapshot, WorkspaceSnapshot } from './snapshot';

/**
 * Several local workspaces (dev, acc, prd) attached to one Unity Catalog metastore, as
 * Databricks workspaces of one region are: every catalog is visible from each of them
 * (parity/sources.ts docsCatalogBinding). The state file keeps the metastore once and each
 * workspace's own records beside it.
 */

const GROUP_FORMAT = 'fmlops-local-workspaces/1';

/** The state of several workspaces as JSON (their state file). */
export interface WorkspacesSnapshot {
  format: typeof GROUP_FORMAT;
  savedAt: string;
  /** the emulated time it was taken at, ms since the epoch */
  clockMs: number;
  metastore: MetastoreSnapshot;
  /** each workspace's snapshot without the metastore's records */
  workspaces: Array<{ alias: string; state: WorkspaceSnapshot }>;
}

export class WorkspaceGroup {
  private metastore?: Metastore;
  private readonly members: Array<{
    alias: string;
    state: LocalWorkspaceState;
  }> = [];

  /** A workspace attached to the group's metastore (the first one creates it). */
  add(alias: string, options: WorkspaceOptions): LocalWorkspaceState {
    const metastore =
      this.metastore ??
      (this.metastore = new Metastore(() => options.clock.now()));
    const state = new LocalWorkspaceState(options, { metastore, group: this });
    this.members.push({ alias, state });
    return state;
  }

  snapshot(): WorkspacesSnapshot {
    const workspaces = this.members.map(m => ({
      alias: m.alias,
      state: m.state.snapshot({ metastore: false }),
    }));
    const first = workspaces[0].state;
    return {
      format: GROUP_FORMAT,
      savedAt: first.savedAt,
      clockMs: first.clockMs,
      metastore: this.members[0].state.metastoreSnapshot(),
      workspaces,
    };
  }

  /**
   * Puts a state file back: each workspace's records, then the metastore's. A single workspace's
   * state (saved before there were several) goes to the first workspace, its metastore records
   * merged into what the others seeded.
   */
  restore(input: unknown): void {
    const snap = input as Partial<WorkspacesSnapshot> & { format?: unknown };
    if (snap?.format !== GROUP_FORMAT) {
      const [first] = this.members;
      const single = structuredClone(input) as WorkspaceSnapshot;
      first.state.restore(single, { metastore: false });
      first.state.restoreMetastore(single, { merge: true });
      return;
    }
    if (!snap.metastore || !Array.isArray(snap.workspaces)) {
      throw invalid(
        `The state is incomplete: metastore or workspaces missing or malformed.`,
      );
    }
    const copy = structuredClone(snap) as WorkspacesSnapshot;
    let added = false;
    for (const m of this.members) {
      const saved = copy.workspaces.find(w => w.alias === m.alias);
      // a workspace added since the state was saved keeps its seeded records
      if (saved) m.state.restore(saved.state, { metastore: false });
      else added = true;
    }
    this.members[0].state.restoreMetastore(copy.metastore, { merge: added });
  }

  /** Every workspace back to its scenarios, the metastore they share with them, in order. */
  reset(): void {
    this.metastore?.clear();
    for (const m of this.members) m.state.resetOwn();
  }
}

/**
 * A state file of several workspaces loaded into one (the set-up went back to a single
 * workspace): the first workspace's records and the whole metastore.
 */
export function restoreFirstWorkspace(
  state: LocalWorkspaceState,
  input: unknown,
): boolean {
  const snap = input as Partial<WorkspacesSnapshot>;
  if (snap?.format !== GROUP_FORMAT || !snap.workspaces?.length) return false;
  const copy = structuredClone(snap) as WorkspacesSnapshot;
  state.restore(copy.workspaces[0].state, { metastore: false });
  state.restoreMetastore(copy.metastore, { merge: false });
  return true;
}
