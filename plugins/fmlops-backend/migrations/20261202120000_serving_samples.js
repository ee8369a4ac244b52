// @ts-check

/**
 * The per-minute serving samples the guardian measures for every served model version: its
 * window of recent minutes survives a restart, any replica continues it, and the model overview
 * charts them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fmlops_serving_samples', table => {
    table.comment(
      'One minute of one served model version, as the metrics export showed it',
    );
    table
      .string('serving_target', 512)
      .notNullable()
      .comment('workspace and serving endpoint, as operations are keyed');
    table.string('model_version', 64).notNullable();
    table
      .bigInteger('minute_at')
      .notNullable()
      .comment("epoch milliseconds of the sample's minute");
    table
      .text('sample')
      .notNullable()
      .comment('JSON: requests, errors, latency histogram or quantiles, traffic share');
    table
      .bigInteger('recorded_at')
      .notNullable()
      .comment('epoch milliseconds (backend clock) of the scrape that read it');
    table.primary(['serving_target', 'model_version', 'minute_at']);
    table.index(['recorded_at'], 'fmlops_serving_samples_recorded_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fmlops_serving_samples');
};
