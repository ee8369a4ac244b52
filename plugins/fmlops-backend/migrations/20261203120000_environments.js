// @ts-check

/**
 * Operations and audit events name the environment of the model they are about (dev, acc, prd:
 * a Databricks Asset Bundle target), so the history and the operations list of each environment
 * show its own and every event says where it happened.
 *
 * Rows written before this migration are NULL: they belong to the entity's default environment,
 * the only one a model had (the backend reads NULL so). The lock stays per serving endpoint: each
 * environment names its own endpoint, so there is one active operation per (entity, environment).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of ['fmlops_operations', 'fmlops_audit']) {
    await knex.schema.alterTable(table, t => {
      t.string('environment', 64)
        .nullable()
        .comment(
          "the model's environment the row is about; NULL: the entity's default environment",
        );
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of ['fmlops_operations', 'fmlops_audit']) {
    await knex.schema.alterTable(table, t => {
      t.dropColumn('environment');
    });
  }
};
