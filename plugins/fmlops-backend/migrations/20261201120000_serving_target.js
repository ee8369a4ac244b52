// @ts-check

/**
 * One active operation and one history per serving endpoint, not per catalog entity: a Resource
 * and its Component that name the same endpoint are one model to operate.
 *
 * Operations and audit events record the endpoint they act on (`serving_target`,
 * `<workspace alias>/<endpoint name>`), and the lock moves from `fmlops_active_operations` (keyed
 * by entity ref) to `fmlops_operation_locks` (keyed by serving target).
 *
 * Rows written before this migration do not know their endpoint, and SQL cannot tell it: they get
 * `entity:<entity ref>`. The backend moves them to the endpoint their entity names once it can ask
 * the catalog: the controller a running operation (lock included) on its next tick, a global task
 * every other row (OperationStore.adoptLegacyTarget).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of ['fmlops_operations', 'fmlops_audit']) {
    await knex.schema.alterTable(table, t => {
      t.string('serving_target', 512)
        .nullable()
        .comment('<workspace alias>/<serving endpoint> the row is about');
    });
    const refs = await knex(table).distinct('entity_ref');
    for (const { entity_ref: entityRef } of refs) {
      await knex(table)
        .where({ entity_ref: entityRef })
        .update({ serving_target: `entity:${entityRef}` });
    }
    await knex.schema.alterTable(table, t => {
      t.string('serving_target', 512).notNullable().alter();
    });
  }
  await knex.schema.alterTable('fmlops_operations', t => {
    t.index(['serving_target', 'created_at'], 'fmlops_operations_target_idx');
  });
  await knex.schema.alterTable('fmlops_audit', t => {
    t.index(['serving_target', 'seq'], 'fmlops_audit_target_idx');
  });

  await knex.schema.createTable('fmlops_operation_locks', table => {
    table.comment(
      'At most one running or paused operation per serving endpoint: the primary key is the lock',
    );
    table.string('serving_target', 512).primary().notNullable();
    table.string('operation_id', 64).notNullable();
    table
      .string('entity_ref', 512)
      .notNullable()
      .comment('the entity the operation was started through');
  });
  const held = await knex('fmlops_active_operations as l')
    .join('fmlops_operations as o', 'o.id', 'l.operation_id')
    .select('o.serving_target', 'l.operation_id', 'l.entity_ref');
  if (held.length > 0) {
    await knex('fmlops_operation_locks').insert(held);
  }
  await knex.schema.dropTable('fmlops_active_operations');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('fmlops_active_operations', table => {
    table.comment(
      'At most one running or paused operation per model: the primary key is the lock',
    );
    table.string('entity_ref', 512).primary().notNullable();
    table.string('operation_id', 64).notNullable();
  });
  const locks = await knex('fmlops_operation_locks').select(
    'entity_ref',
    'operation_id',
  );
  const byEntity = new Map(locks.map(l => [l.entity_ref, l.operation_id]));
  if (byEntity.size > 0) {
    await knex('fmlops_active_operations').insert(
      [...byEntity].map(([entityRef, operationId]) => ({
        entity_ref: entityRef,
        operation_id: operationId,
      })),
    );
  }
  await knex.schema.dropTable('fmlops_operation_locks');
  await knex.schema.alterTable('fmlops_audit', t => {
    t.dropIndex([], 'fmlops_audit_target_idx');
    t.dropColumn('serving_target');
  });
  await knex.schema.alterTable('fmlops_operations', t => {
    t.dropIndex([], 'fmlops_operations_target_idx');
    t.dropColumn('serving_target');
  });
};
