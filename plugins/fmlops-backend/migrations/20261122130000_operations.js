// @ts-check

/**
 * Operations (promote, set-split, rollback, retrain, ...) as persisted state machines, the lock that
 * allows one active operation per model, and the append-only audit history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fmlops_operations', table => {
    table.comment(
      'One row per operation; `state` holds the state machine (JSON)',
    );
    table.string('id', 64).primary().notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('type', 32).notNullable();
    table.string('status', 32).notNullable();
    table.string('phase', 64).notNullable();
    table.string('requested_by', 512).notNullable();
    table.text('reason').nullable();
    table.string('idempotency_key', 255).nullable();
    table.text('state').notNullable().comment('OperationState JSON');
    table.text('evidence').notNullable().comment('Evidence[] JSON');
    table.text('history').notNullable().comment('OperationStepRecord[] JSON');
    table.text('message').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table
      .bigInteger('next_tick_at')
      .notNullable()
      .comment('epoch ms when the controller looks again');
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('optimistic concurrency');
    table.index(['entity_ref', 'created_at'], 'fmlops_operations_entity_idx');
    table.index(['status', 'next_tick_at'], 'fmlops_operations_due_idx');
    table.unique(['entity_ref', 'idempotency_key'], {
      indexName: 'fmlops_operations_idempotency_uq',
    });
  });

  await knex.schema.createTable('fmlops_active_operations', table => {
    table.comment(
      'At most one running or paused operation per model: the primary key is the lock',
    );
    table.string('entity_ref', 512).primary().notNullable();
    table.string('operation_id', 64).notNullable();
  });

  await knex.schema.createTable('fmlops_audit', table => {
    table.comment(
      'Append-only history of every operation and automatic decision',
    );
    table.bigIncrements('seq').primary();
    table.string('id', 64).notNullable().unique();
    table.string('entity_ref', 512).notNullable();
    table.string('operation_id', 64).nullable();
    table.string('type', 32).notNullable();
    table.string('actor', 512).notNullable();
    table.text('reason').nullable();
    table.string('outcome', 32).notNullable();
    table.text('before').nullable();
    table.text('after').nullable();
    table.text('evidence').nullable();
    table.bigInteger('at').notNullable();
    table.index(['entity_ref', 'seq'], 'fmlops_audit_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fmlops_audit');
  await knex.schema.dropTable('fmlops_active_operations');
  await knex.schema.dropTable('fmlops_operations');
};
