// @ts-check

/**
 * Snapshots of what the portal last read from Databricks, so a page still renders (marked stale,
 * with its age) when Databricks is down or the backend has just restarted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fmlops_snapshots', table => {
    table.comment(
      'Last good read of a model overview, the portfolio or a drift comparison',
    );
    table
      .string('key', 512)
      .primary()
      .notNullable()
      .comment('cache key, e.g. overview:resource:default/x');
    table.text('payload').notNullable().comment('JSON of the response body');
    table
      .bigInteger('fetched_at')
      .notNullable()
      .comment('epoch milliseconds of the Databricks read');
    table
      .bigInteger('last_requested_at')
      .notNullable()
      .comment('epoch milliseconds of the last request, for warm-keeping');
    table.index(['last_requested_at'], 'fmlops_snapshots_last_requested_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fmlops_snapshots');
};
